import { describe, it } from "vitest";
import { matmul } from "../../../kernel/tensor/ops/matmul.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// matmul: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("matmul", () => {
  it("backward matches finite differences", () => {
    gradcheck(matmul, randomInputs({ a: [2, 3, 4], b: [4, 5] }, 130), {});
  });
});
