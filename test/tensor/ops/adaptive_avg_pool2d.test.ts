import { describe, it } from "vitest";
import { adaptive_avg_pool2d } from "../../../kernel/tensor/ops/adaptive_avg_pool2d.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// adaptive_avg_pool2d: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("adaptive_avg_pool2d", () => {
  it("backward matches finite differences", () => {
    gradcheck(adaptive_avg_pool2d, randomInputs({ x: [1, 2, 5, 6] }, 130), { outputSize: [2, 4] });
  });
});
