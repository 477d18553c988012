import { describe, it } from "vitest";
import { sub } from "../../../kernel/tensor/ops/sub.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// sub: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("sub", () => {
  it("backward matches finite differences", () => {
    gradcheck(sub, randomInputs({ a: [3, 1], b: [1, 4] }, 130), {});
  });
});
