import { describe, expect, it } from "vitest";
import { conv_transpose1d } from "../../../kernel/tensor/ops/conv_transpose1d.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

const cases: [string, Record<string, number[]>, Record<string, unknown>][] = [
  ["N=1, C=1", { x: [1, 1, 4], weight: [1, 1, 3], bias: [1] }, {}],
  ["stride > kernel", { x: [2, 3, 4], weight: [3, 2, 2], bias: [2] }, { stride: 3 }],
  ["padding, output padding, dilation", { x: [1, 2, 6], weight: [2, 3, 3] }, { stride: 2, padding: 2, outputPadding: 1, dilation: 2 }],
  ["groups > 1", { x: [1, 4, 5], weight: [4, 1, 3], bias: [2] }, { groups: 2 }],
];

describe("conv_transpose1d", () => {
  for (const [label, shapes, options] of cases) {
    it(`backward matches finite differences: ${label}`, () => {
      gradcheck(conv_transpose1d, randomInputs(shapes, 6), options);
    });
  }

  it("spreads each input over a kernel-wide span, stride apart", () => {
    const x = tensor([1, 10], [1, 1, 2]);
    const weight = tensor([1, 2, 3], [1, 1, 3]);
    const { output } = conv_transpose1d.forward({ x, weight }, { stride: 2 });
    expect(output.shape).toEqual([1, 1, 5]);
    expect(Array.from(output.data)).toEqual([1, 2, 13, 20, 30]);
  });
});
