import { describe, expect, it } from "vitest";
import { max_pool1d } from "../../../kernel/tensor/ops/max_pool1d.ts";
import { tensor, zeros } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("max_pool1d", () => {
  const cases: [string, number[], Record<string, unknown>][] = [
    ["N=1, C=1", [1, 1, 8], { kernelSize: 2 }],
    ["kernel = input width", [2, 3, 5], { kernelSize: 5 }],
    ["stride > kernel, padding", [1, 2, 11], { kernelSize: 2, stride: 4, padding: 1 }],
    ["dilation > 1, ceil mode", [2, 1, 10], { kernelSize: 3, stride: 2, dilation: 2, ceilMode: true }],
  ];
  for (const [label, shape, options] of cases) {
    it(`backward matches finite differences: ${label}`, () => {
      gradcheck(max_pool1d, randomInputs({ x: shape }, 31), options);
    });
  }

  it("pools along time and ties go to the first maximum", () => {
    const x = tensor([2, 2, 1, 7, 7, 0], [1, 1, 6]);
    const { output, saved } = max_pool1d.forward({ x }, { kernelSize: 2 });
    expect(Array.from(output.data)).toEqual([2, 7, 7]);
    expect(Array.from(max_pool1d.backward(tensor([1, 2, 3], [1, 1, 3]), saved, { kernelSize: 2 }).x.data)).toEqual([1, 0, 0, 2, 3, 0]);
  });

  it("ceil mode keeps a last partial window but never one that starts in the right padding", () => {
    expect(max_pool1d.infer({ x: [1, 1, 5] }, { kernelSize: 2, ceilMode: true }).shape).toEqual([1, 1, 3]);
    expect(max_pool1d.infer({ x: [1, 1, 4] }, { kernelSize: 2, stride: 2, padding: 1, ceilMode: true }).shape).toEqual([1, 1, 3]);
  });

  it("rejects bad input", () => {
    expect(() => max_pool1d.forward({ x: zeros([1, 2, 4]) }, { kernelSize: [2, 2] })).toThrow("max_pool1d: kernelSize needs 1 value (one per spatial axis), got [2, 2]");
    expect(() => max_pool1d.forward({ x: zeros([1, 2, 4]) }, { kernelSize: 2, dilation: 0 })).toThrow("max_pool1d: dilation must be >= 1, got 0");
  });
});
