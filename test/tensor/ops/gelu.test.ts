import { describe, it } from "vitest";
import { gelu } from "../../../kernel/tensor/ops/gelu.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// gelu: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("gelu", () => {
  it("backward matches finite differences", () => {
    gradcheck(gelu, randomInputs({ x: [3, 5] }, 130), {});
    gradcheck(gelu, randomInputs({ x: [3, 5] }, 131), { approximate: "tanh" });
  });
});
