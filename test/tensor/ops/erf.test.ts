import { describe, expect, it } from "vitest";
import { erf } from "../../../kernel/tensor/ops/erf.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("erf", () => {
  it("forward gives the error function (torch.erf's values), odd, ±1 far out, NaN through", () => {
    const { output } = erf.forward({ x: tensor([0, 0.5, 1, -2, 7, -7, Number.NaN], [7], "float64") }, {});
    const got = Array.from(output.data);
    // erf(0.5), erf(1), erf(-2) to double precision.
    expect(got.slice(0, 6)).toEqual([0, expect.closeTo(0.5204998778130465, 14), expect.closeTo(0.8427007929497149, 14), expect.closeTo(-0.9953222650189527, 14), 1, -1]);
    expect(got[6]).toBeNaN();
  });

  it("backward matches finite differences", () => {
    gradcheck(erf, randomInputs({ x: [3, 5] }, 140), {});
  });
});
