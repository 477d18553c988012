import { describe, expect, it } from "vitest";
import { upsample1d } from "../../../kernel/tensor/ops/upsample1d.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("upsample1d", () => {
  it("inserts k - 1 zeros: W_out = k(W_in - 1) + 1", () => {
    const { output } = upsample1d.forward({ x: tensor([1, 2, 3], [1, 1, 3]) }, { scaleFactor: 3 });
    expect(output.shape).toEqual([1, 1, 7]);
    expect(Array.from(output.data)).toEqual([1, 0, 0, 2, 0, 0, 3]);
  });
  it("backward matches finite differences", () => gradcheck(upsample1d, randomInputs({ x: [2, 2, 4] }, 121), { scaleFactor: 2 }));
});
