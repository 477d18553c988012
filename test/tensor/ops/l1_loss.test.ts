import { describe, it } from "vitest";
import { l1_loss } from "../../../kernel/tensor/ops/l1_loss.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// l1_loss: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("l1_loss", () => {
  it("backward matches finite differences", () => {
    const { x, t } = randomInputs({ x: [3, 4], t: [3, 4] }, 121);
    gradcheck(l1_loss, { x, target: t });
  });
});
