import { describe, expect, it } from "vitest";
import { upsample2d } from "../../../kernel/tensor/ops/upsample2d.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("upsample2d", () => {
  it("inserts zeros along both axes", () => {
    const { output } = upsample2d.forward({ x: tensor([1, 2, 3, 4], [1, 1, 2, 2]) }, { scaleFactor: [2, 3] });
    expect(output.shape).toEqual([1, 1, 3, 4]);
    expect(Array.from(output.data)).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 4]);
  });
  it("backward matches finite differences", () => gradcheck(upsample2d, randomInputs({ x: [1, 2, 3, 2] }, 123), { scaleFactor: 2 }));
});
