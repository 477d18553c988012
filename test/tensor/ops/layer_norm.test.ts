import { describe, it } from "vitest";
import { layer_norm } from "../../../kernel/tensor/ops/layer_norm.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// layer_norm: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("layer_norm", () => {
  it("backward matches finite differences", () => {
    gradcheck(layer_norm, randomInputs({ x: [2, 3, 4], weight: [4], bias: [4] }, 130), { normalizedShape: [4] });
  });
});
