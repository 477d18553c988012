import { describe, it } from "vitest";
import { add } from "../../../kernel/tensor/ops/add.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// add: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("add", () => {
  it("backward matches finite differences", () => {
    gradcheck(add, randomInputs({ a: [2, 3, 1], b: [4] }, 130), {});
  });
});
