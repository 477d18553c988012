import { describe, expect, it } from "vitest";
import { mse } from "../../../kernel/tensor/ops/mse.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { randomInputs } from "../../helpers/gradcheck.ts";
import { pointwiseLossChecks } from "../../helpers/pointwise_loss.ts";

describe("mse", () => {
  pointwiseLossChecks(mse, randomInputs({ t: [2, 3] }, 112).t);
  it("averages squared differences", () => {
    expect(mse.forward({ x: tensor([1, 2, 3], [3]), target: tensor([1, 0, 0], [3]) }, {}).output.data[0]).toBeCloseTo(13 / 3, 6);
  });
});
