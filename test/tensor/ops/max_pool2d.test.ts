import { describe, expect, it } from "vitest";
import { max_pool2d } from "../../../kernel/tensor/ops/max_pool2d.ts";
import { tensor, zeros } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

const cases: [string, number[], Record<string, unknown>][] = [
  ["N=1, C=1, 2x2", [1, 1, 4, 4], { kernelSize: 2 }],
  ["kernel = input width", [2, 2, 3, 5], { kernelSize: [2, 5], stride: 1 }],
  ["stride > kernel", [1, 3, 9, 9], { kernelSize: 2, stride: 3 }],
  ["padding and overlap", [2, 1, 5, 6], { kernelSize: 3, stride: 2, padding: 1 }],
  ["dilation > 1", [1, 2, 7, 7], { kernelSize: 2, dilation: 2, stride: 1 }],
  ["ceil mode", [1, 1, 5, 7], { kernelSize: 2, ceilMode: true }],
];

describe("max_pool2d", () => {
  for (const [label, shape, options] of cases) {
    it(`backward matches finite differences: ${label}`, () => {
      gradcheck(max_pool2d, randomInputs({ x: shape }, 21), options);
    });
  }

  it("sends a tie's gradient to the first maximum in row-major window order", () => {
    const x = tensor([1, 5, 5, 0, 5, 2, 3, 3], [1, 1, 2, 4]);
    const { output, saved } = max_pool2d.forward({ x }, { kernelSize: 2 });
    expect(Array.from(output.data)).toEqual([5, 5]);
    const { x: dx } = max_pool2d.backward(tensor([1, 1], [1, 1, 1, 2]), saved, { kernelSize: 2 });
    expect(Array.from(dx.data)).toEqual([0, 1, 1, 0, 0, 0, 0, 0]);
  });

  it("treats padding as -infinity, so negative inputs still win", () => {
    const x = tensor([-3, -1, -2, -4], [1, 1, 2, 2]);
    const { output } = max_pool2d.forward({ x }, { kernelSize: 2, stride: 1, padding: 1 });
    expect(Array.from(output.data)).toEqual([-3, -1, -1, -2, -1, -1, -2, -2, -4]);
  });

  it("propagates NaN", () => {
    const x = tensor([1, NaN, 3, 2], [1, 1, 2, 2]);
    expect(Number.isNaN(max_pool2d.forward({ x }, { kernelSize: 2 }).output.data[0])).toBe(true);
  });

  it("rejects bad input", () => {
    const x = zeros([1, 3, 6, 6]);
    expect(() => max_pool2d.forward({ x }, { kernelSize: 7, name: "pool1" })).toThrow('max_pool2d "pool1": kernel 7 larger than input 6 (H)');
    expect(() => max_pool2d.forward({ x }, { kernelSize: 2, padding: 2 })).toThrow("max_pool2d: padding 2 must be at most half the kernel (1) on H");
    expect(() => max_pool2d.forward({ x }, { kernelSize: 0 })).toThrow("max_pool2d: kernelSize must be >= 1, got [0, 0]");
    expect(() => max_pool2d.forward({ x }, { kernelSize: 2, stride: 0 })).toThrow("max_pool2d: stride must be >= 1, got [0, 0]");
    expect(() => max_pool2d.forward({ x: zeros([3, 6, 6]) }, { kernelSize: 2 })).toThrow("max_pool2d: expected input [N, C, H, W], got [3, 6, 6] (unbatched? add a batch axis: [1, 3, 6, 6])");
    expect(() => max_pool2d.forward({ x }, {} as never)).toThrow("max_pool2d: kernelSize is required");
  });
});
