import { describe, it } from "vitest";
import { elu } from "../../../kernel/tensor/ops/elu.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// elu: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("elu", () => {
  it("backward matches finite differences", () => {
    gradcheck(elu, randomInputs({ x: [3, 5] }, 130), {});
    gradcheck(elu, randomInputs({ x: [3, 5] }, 131), { alpha: 0.4 });
  });
});
