import { describe, it } from "vitest";
import { cat } from "../../../kernel/tensor/ops/cat.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// cat: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("cat", () => {
  it("backward matches finite differences", () => {
    gradcheck(cat, randomInputs({ x0: [2, 3], x1: [1, 3], x2: [4, 3] }, 130), {});
  });
});
