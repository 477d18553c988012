import { describe, it } from "vitest";
import { smooth_l1_loss } from "../../../kernel/tensor/ops/smooth_l1_loss.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// smooth_l1_loss: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("smooth_l1_loss", () => {
  it("backward matches finite differences", () => {
    const { x, t } = randomInputs({ x: [3, 4], t: [3, 4] }, 121);
    gradcheck(smooth_l1_loss, { x, target: t });
    gradcheck(smooth_l1_loss, { x, target: t }, { beta: 0.3, reduction: "sum" });
  });
});
