import { describe, expect, it } from "vitest";
import { avg_pool2d } from "../../../kernel/tensor/ops/avg_pool2d.ts";
import { tensor, zeros } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("avg_pool2d", () => {
  const cases: [string, number[], Record<string, unknown>][] = [
    ["N=1, C=1", [1, 1, 4, 4], { kernelSize: 2 }],
    ["kernel = input width", [2, 2, 3, 4], { kernelSize: [3, 4] }],
    ["stride > kernel", [1, 2, 9, 7], { kernelSize: 2, stride: [3, 4] }],
    ["padding, counting pads", [1, 2, 5, 5], { kernelSize: 3, stride: 2, padding: 1 }],
    ["padding, not counting pads", [2, 1, 5, 4], { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false }],
    ["ceil mode", [1, 1, 5, 5], { kernelSize: 2, ceilMode: true, padding: 1 }],
    ["divisor override", [1, 1, 4, 4], { kernelSize: 2, divisorOverride: 3 }],
  ];
  for (const [label, shape, options] of cases) {
    it(`backward matches finite differences: ${label}`, () => {
      gradcheck(avg_pool2d, randomInputs({ x: shape }, 41), options);
    });
  }

  it("divides by the padded window size unless told not to count padding", () => {
    const x = tensor([4, 4, 4, 4], [1, 1, 2, 2]);
    const counted = avg_pool2d.forward({ x }, { kernelSize: 2, padding: 1 }).output;
    expect(Array.from(counted.data)).toEqual([1, 1, 1, 1]);
    const uncounted = avg_pool2d.forward({ x }, { kernelSize: 2, padding: 1, countIncludePad: false }).output;
    expect(Array.from(uncounted.data)).toEqual([4, 4, 4, 4]);
  });

  it("rejects bad input", () => {
    const x = zeros([1, 1, 4, 4]);
    expect(() => avg_pool2d.forward({ x }, { kernelSize: 2, dilation: 2 })).toThrow(
      'avg_pool2d: unknown option "dilation" (expected kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride or name)',
    );
    expect(() => avg_pool2d.forward({ x }, { kernelSize: 2, divisorOverride: 0 })).toThrow("avg_pool2d: divisorOverride must be a finite non-zero number, got 0");
    expect(() => avg_pool2d.forward({ x }, { kernelSize: 3, padding: 2, name: "pool" })).toThrow('avg_pool2d "pool": padding 2 must be at most half the kernel (1) on H');
  });
});
