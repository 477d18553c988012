import { describe, it } from "vitest";
import { nll_loss } from "../../../kernel/tensor/ops/nll_loss.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// nll_loss: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("nll_loss", () => {
  it("backward matches finite differences, with class weights and without", () => {
    const { x } = randomInputs({ x: [4, 3] }, 120);
    const target = tensor([2, 0, 1, 2], [4], "float64");
    gradcheck(nll_loss, { x, target });
    gradcheck(nll_loss, { x, target, weight: tensor([0.5, 2, 1], [3], "float64") }, { reduction: "sum" });
  });
});
