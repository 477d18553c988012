import { describe, it } from "vitest";
import { batch_norm } from "../../../kernel/tensor/ops/batch_norm.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// batch_norm: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("batch_norm", () => {
  it("backward matches finite differences, in training and in evaluation", () => {
    const inputs = { ...randomInputs({ x: [3, 2, 4], weight: [2], bias: [2] }, 122), runningMean: tensor([0.1, -0.2], [2], "float64"), runningVar: tensor([0.9, 1.3], [2], "float64") };
    gradcheck(batch_norm, inputs, { training: true, momentum: 0.2 });
    gradcheck(batch_norm, inputs, { training: false, eps: 1e-3 });
  });
});
