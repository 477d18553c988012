import { describe, it } from "vitest";
import { transpose } from "../../../kernel/tensor/ops/transpose.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// transpose: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("transpose", () => {
  it("backward matches finite differences", () => {
    gradcheck(transpose, randomInputs({ x: [2, 3, 4] }, 130), { dim0: 0, dim1: -1 });
  });
});
