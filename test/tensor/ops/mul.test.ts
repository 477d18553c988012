import { describe, it } from "vitest";
import { mul } from "../../../kernel/tensor/ops/mul.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// mul: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("mul", () => {
  it("backward matches finite differences", () => {
    gradcheck(mul, randomInputs({ a: [2, 1, 3], b: [2, 3] }, 130), {});
  });
});
