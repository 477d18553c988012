import { describe, expect, it } from "vitest";
import { downsample2d } from "../../../kernel/tensor/ops/downsample2d.ts";
import { tensor, zeros } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("downsample2d", () => {
  it("keeps every k-th row and column", () => {
    const x = tensor(
      Array.from({ length: 20 }, (_, i) => i),
      [1, 1, 4, 5],
    );
    const { output } = downsample2d.forward({ x }, { scaleFactor: 2 });
    expect(output.shape).toEqual([1, 1, 2, 3]);
    expect(Array.from(output.data)).toEqual([0, 2, 4, 10, 12, 14]);
  });
  it("backward matches finite differences", () => gradcheck(downsample2d, randomInputs({ x: [2, 1, 5, 4] }, 124), { scaleFactor: [2, 3] }));
  it("rejects a factor below 1", () => {
    expect(() => downsample2d.forward({ x: zeros([1, 1, 4, 4]) }, { scaleFactor: 0, name: "down" })).toThrow('downsample2d "down": scaleFactor must be >= 1, got [0, 0]');
  });
});
