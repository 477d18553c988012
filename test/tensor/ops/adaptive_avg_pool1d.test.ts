import { describe, it } from "vitest";
import { adaptive_avg_pool1d } from "../../../kernel/tensor/ops/adaptive_avg_pool1d.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// adaptive_avg_pool1d: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("adaptive_avg_pool1d", () => {
  it("backward matches finite differences", () => {
    gradcheck(adaptive_avg_pool1d, randomInputs({ x: [2, 2, 7] }, 130), { outputSize: 3 });
    gradcheck(adaptive_avg_pool1d, randomInputs({ x: [2, 2, 7] }, 131), { outputSize: 9 });
  });
});
