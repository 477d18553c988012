import { describe, expect, it } from "vitest";
import { avg_pool1d } from "../../../kernel/tensor/ops/avg_pool1d.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("avg_pool1d", () => {
  const cases: [string, number[], Record<string, unknown>][] = [
    ["N=1, C=1", [1, 1, 6], { kernelSize: 3 }],
    ["kernel = input width", [2, 2, 4], { kernelSize: 4 }],
    ["stride > kernel, padding", [1, 3, 10], { kernelSize: 2, stride: 3, padding: 1 }],
    ["not counting pads, ceil mode", [2, 1, 7], { kernelSize: 3, stride: 2, padding: 1, countIncludePad: false, ceilMode: true }],
  ];
  for (const [label, shape, options] of cases) {
    it(`backward matches finite differences: ${label}`, () => {
      gradcheck(avg_pool1d, randomInputs({ x: shape }, 51), options);
    });
  }

  it("averages each window and shares the gradient equally", () => {
    const x = tensor([1, 3, 5, 7], [1, 1, 4]);
    const { output, saved } = avg_pool1d.forward({ x }, { kernelSize: 2 });
    expect(Array.from(output.data)).toEqual([2, 6]);
    expect(Array.from(avg_pool1d.backward(tensor([2, 4], [1, 1, 2]), saved, { kernelSize: 2 }).x.data)).toEqual([1, 1, 2, 2]);
  });
});
