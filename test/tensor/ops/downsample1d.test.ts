import { describe, expect, it } from "vitest";
import { upsample1d } from "../../../kernel/tensor/ops/upsample1d.ts";
import { downsample1d } from "../../../kernel/tensor/ops/downsample1d.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("downsample1d", () => {
  it("keeps every k-th value: W_out = ceil(W_in / k)", () => {
    const { output } = downsample1d.forward({ x: tensor([1, 2, 3, 4, 5, 6, 7], [1, 1, 7]) }, { scaleFactor: 3 });
    expect(output.shape).toEqual([1, 1, 3]);
    expect(Array.from(output.data)).toEqual([1, 4, 7]);
  });
  it("backward matches finite differences", () => gradcheck(downsample1d, randomInputs({ x: [2, 3, 8] }, 122), { scaleFactor: 3 }));
  it("undoes upsample1d", () => {
    const x = randomInputs({ x: [2, 3, 5] }, 1).x;
    const up = upsample1d.forward({ x }, { scaleFactor: 4 }).output;
    expect(Array.from(downsample1d.forward({ x: up }, { scaleFactor: 4 }).output.data)).toEqual(Array.from(x.data));
  });
});
