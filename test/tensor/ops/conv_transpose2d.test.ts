import { describe, expect, it } from "vitest";
import { conv2d } from "../../../kernel/tensor/ops/conv2d.ts";
import { conv_transpose2d } from "../../../kernel/tensor/ops/conv_transpose2d.ts";
import { zeros } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

const cases: [string, Record<string, number[]>, Record<string, unknown>][] = [
  ["N=1, C=1", { x: [1, 1, 3, 3], weight: [1, 1, 2, 2], bias: [1] }, {}],
  ["stride > kernel", { x: [2, 2, 3, 2], weight: [2, 3, 2, 2] }, { stride: [3, 4] }],
  ["padding and output padding", { x: [1, 2, 4, 4], weight: [2, 2, 3, 3], bias: [2] }, { stride: 2, padding: 1, outputPadding: 1 }],
  ["dilation > 1", { x: [1, 2, 3, 3], weight: [2, 1, 2, 3] }, { dilation: [2, 1] }],
  ["groups > 1", { x: [2, 4, 3, 3], weight: [4, 3, 2, 2], bias: [6] }, { groups: 2, stride: 2 }],
  ["padding = kernel - 1", { x: [1, 1, 5, 5], weight: [1, 2, 3, 3] }, { padding: 2 }],
];

describe("conv_transpose2d", () => {
  for (const [label, shapes, options] of cases) {
    it(`backward matches finite differences: ${label}`, () => {
      gradcheck(conv_transpose2d, randomInputs(shapes, 5), options);
    });
  }

  it("is the adjoint of conv2d: <conv(y), x> = <y, conv_transpose(x)>", () => {
    const options = { stride: [2, 3], padding: [1, 0], dilation: [1, 2], groups: 2 };
    const { y, x, weight } = randomInputs({ y: [2, 4, 9, 11], x: [2, 6, 5, 3], weight: [6, 2, 3, 2] }, 9);
    const convY = conv2d.forward({ x: y, weight }, options).output;
    expect(convY.shape).toEqual(x.shape);
    const back = conv_transpose2d.forward({ x, weight }, { ...options, outputPadding: [0, 2] }).output;
    expect(back.shape).toEqual(y.shape);
    let lhs = 0,
      rhs = 0;
    for (let i = 0; i < x.data.length; i++) lhs += convY.data[i] * x.data[i];
    for (let i = 0; i < y.data.length; i++) rhs += y.data[i] * back.data[i];
    expect(lhs).toBeCloseTo(rhs, 9);
  });

  it("rejects bad input", () => {
    const x = zeros([1, 4, 5, 5]);
    expect(() => conv_transpose2d.forward({ x, weight: zeros([3, 2, 3, 3]) }, { name: "up1" })).toThrow('conv_transpose2d "up1": expected input [N, 3, H, W], got [1, 4, 5, 5]');
    expect(() => conv_transpose2d.forward({ x, weight: zeros([4, 2, 3]) }, {})).toThrow("conv_transpose2d: expected weight [Cin, Cout/groups, kH, kW], got [4, 2, 3]");
    expect(() => conv_transpose2d.forward({ x, weight: zeros([4, 2, 3, 3]) }, { stride: 2, outputPadding: 2 })).toThrow(
      "conv_transpose2d: outputPadding 2 must be smaller than stride 2 or dilation 1",
    );
    expect(() => conv_transpose2d.forward({ x, weight: zeros([4, 2, 3, 3]) }, { padding: 4 })).toThrow(
      "conv_transpose2d: output H would be -1: (5 - 1) x stride 1 - 2 x padding 4 + dilation 1 x (kernel 3 - 1) + outputPadding 0 + 1",
    );
    expect(() => conv_transpose2d.forward({ x, weight: zeros([4, 2, 3, 3]), bias: zeros([4]) }, {})).toThrow("conv_transpose2d: expected bias [2], got [4]");
    expect(() => conv_transpose2d.forward({ x, weight: zeros([4, 2, 3, 3]) }, { groups: 3 })).toThrow("conv_transpose2d: groups 3 must divide input channels 4 (weight [4, 2, 3, 3])");
  });
});
