import { describe, expect, it } from "vitest";
import { conv2d } from "../../../kernel/tensor/ops/conv2d.ts";
import { tensor, zeros } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, intRange, randomInputs, seededRandom } from "../../helpers/gradcheck.ts";

interface Case {
  label: string;
  x: number[];
  w: number[];
  bias?: boolean;
  options?: Record<string, unknown>;
}

const edgeCases: Case[] = [
  { label: "N=1, C=1", x: [1, 1, 5, 6], w: [2, 1, 3, 3], bias: true },
  { label: "kernel = input width", x: [2, 2, 4, 5], w: [3, 2, 2, 5], bias: true },
  { label: "stride > kernel", x: [1, 2, 9, 8], w: [2, 2, 2, 2], options: { stride: [4, 3] } },
  { label: "dilation > 1", x: [2, 1, 9, 9], w: [2, 1, 3, 2], options: { dilation: [2, 3] }, bias: true },
  { label: "groups > 1", x: [2, 4, 5, 5], w: [6, 2, 3, 3], options: { groups: 2 }, bias: true },
  { label: "depthwise (groups = C)", x: [1, 3, 5, 4], w: [3, 1, 2, 2], options: { groups: 3 } },
  { label: "padding = kernel - 1", x: [1, 2, 4, 4], w: [2, 2, 3, 2], options: { padding: [2, 1] }, bias: true },
  { label: 'padding "same", even kernel and dilation', x: [1, 2, 5, 6], w: [2, 2, 4, 3], options: { padding: "same", dilation: [1, 2] }, bias: true },
  { label: "1x1 kernel (no im2col)", x: [2, 3, 3, 4], w: [2, 3, 1, 1], bias: true },
  { label: "1x1 kernel, groups 3", x: [2, 6, 2, 3], w: [3, 2, 1, 1], options: { groups: 3 } },
];

function randomCase(seed: number): Case {
  const next = seededRandom(seed);
  const groups = intRange(next, 1, 2);
  const k = [intRange(next, 1, 3), intRange(next, 1, 3)];
  const dilation = [intRange(next, 1, 2), intRange(next, 1, 2)];
  const padding = [intRange(next, 0, k[0] - 1), intRange(next, 0, k[1] - 1)];
  const stride = [intRange(next, 1, 3), intRange(next, 1, 3)];
  const size = k.map((kk, i) => dilation[i] * (kk - 1) + 1 + intRange(next, 0, 4));
  return {
    label: `random #${seed}`,
    x: [intRange(next, 1, 2), groups * intRange(next, 1, 2), ...size],
    w: [groups * intRange(next, 1, 2), 0, ...k],
    bias: next() < 0.5,
    options: { stride, padding, dilation, groups },
  };
}

describe("conv2d", () => {
  const cases = [...edgeCases, ...[1, 2, 3, 4, 5, 6].map(randomCase)];
  for (const c of cases) {
    it(`backward matches finite differences: ${c.label}`, () => {
      const groups = (c.options?.groups as number) ?? 1;
      const w = c.w[1] === 0 ? [c.w[0], c.x[1] / groups, c.w[2], c.w[3]] : c.w;
      const shapes: Record<string, number[]> = { x: c.x, weight: w };
      if (c.bias) shapes.bias = [w[0]];
      gradcheck(conv2d, randomInputs(shapes, 11), c.options);
    });
  }

  it("computes the lecture's 5x5 binary image with the 3x3 filter", () => {
    const image = tensor([1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0], [1, 1, 5, 5]);
    const filter = tensor([1, 0, 1, 0, 1, 0, 1, 0, 1], [1, 1, 3, 3]);
    const { output } = conv2d.forward({ x: image, weight: filter }, {});
    expect(output.shape).toEqual([1, 1, 3, 3]);
    expect(Array.from(output.data)).toEqual([4, 3, 4, 2, 4, 3, 2, 3, 4]);
    const strided = conv2d.forward({ x: image, weight: filter }, { stride: 2 }).output;
    expect(Array.from(strided.data)).toEqual([4, 4, 2, 4]);
  });

  it('pads "same" as PyTorch: the odd zero after, output as large as the input', () => {
    const x = tensor([1, 2, 3, 4], [1, 1, 1, 4]);
    const w = tensor([1, 10], [1, 1, 1, 2]);
    const { output } = conv2d.forward({ x, weight: w }, { padding: "same" });
    expect(Array.from(output.data)).toEqual([21, 32, 43, 4]);
    expect(conv2d.infer({ x: [1, 1, 9, 9], weight: [1, 1, 3, 3] }, { padding: "valid" }).shape).toEqual([1, 1, 7, 7]);
    expect(() => conv2d.forward({ x, weight: w }, { padding: "same", stride: 2 })).toThrow('conv2d: padding "same" needs stride 1, got [2, 2]');
    expect(() => conv2d.forward({ x, weight: w }, { padding: "full" as never })).toThrow('conv2d: padding must be a number, a list of 2 integers, "same" or "valid", got "full"');
  });

  it("keeps float32 unless given float64", () => {
    const x = randomInputs({ x: [1, 1, 3, 3], weight: [1, 1, 2, 2] }, 1);
    expect(conv2d.forward(x, {}).output.data).toBeInstanceOf(Float64Array);
    const y = conv2d.forward({ x: zeros([1, 1, 3, 3]), weight: zeros([1, 1, 2, 2]) }, {});
    expect(y.output.data).toBeInstanceOf(Float32Array);
  });

  it("propagates NaN as data, without an error", () => {
    const x = zeros([1, 1, 3, 3]);
    x.data[4] = NaN;
    const { output } = conv2d.forward({ x, weight: zeros([1, 1, 2, 2]) }, {});
    expect(Array.from(output.data).every(Number.isNaN)).toBe(true);
  });

  describe("rejects bad input with a message naming the op, layer, expected and actual", () => {
    const x = zeros([8, 3, 28, 28]),
      weight = zeros([4, 3, 5, 5]);
    const call =
      (inputs: Record<string, unknown>, options: Record<string, unknown> = {}) =>
      () =>
        conv2d.forward({ x, weight, ...inputs } as never, { name: "conv1", ...options });

    it("channels last", () => {
      expect(call({ x: zeros([8, 28, 28, 3]) })).toThrow('conv2d "conv1": expected input [N, 3, H, W], got [8, 28, 28, 3] (channels last? use [N, C, H, W])');
    });
    it("wrong rank", () => {
      expect(call({ x: zeros([3, 28, 28]) })).toThrow('conv2d "conv1": expected input [N, C, H, W], got [3, 28, 28] (unbatched? add a batch axis: [1, 3, 28, 28])');
      expect(call({ weight: zeros([4, 3, 5]) })).toThrow('conv2d "conv1": expected weight [Cout, Cin/groups, kH, kW], got [4, 3, 5]');
    });
    it("channel mismatch", () => {
      expect(call({ x: zeros([8, 1, 28, 28]) })).toThrow('conv2d "conv1": expected input [N, 3, H, W], got [8, 1, 28, 28]');
    });
    it("bias shape", () => {
      expect(call({ bias: zeros([3]) })).toThrow('conv2d "conv1": expected bias [4], got [3]');
    });
    it("groups not dividing channels", () => {
      expect(call({ x: zeros([8, 6, 28, 28]), weight: zeros([4, 3, 5, 5]) }, { groups: 4 })).toThrow('conv2d "conv1": groups 4 must divide input channels 6 (input [8, 6, 28, 28])');
      expect(call({ weight: zeros([3, 1, 5, 5]) }, { groups: 2 })).toThrow('conv2d "conv1": groups 2 must divide output channels 3 (weight [3, 1, 5, 5])');
      expect(call({}, { groups: 0 })).toThrow('conv2d "conv1": groups must be >= 1, got 0');
    });
    it("stride, dilation, kernel < 1 and negative padding", () => {
      expect(call({}, { stride: 0 })).toThrow('conv2d "conv1": stride must be >= 1, got [0, 0]');
      expect(call({}, { dilation: [1, 0] })).toThrow('conv2d "conv1": dilation must be >= 1, got [1, 0]');
      expect(call({}, { padding: -1 })).toThrow('conv2d "conv1": padding must be non-negative, got [-1, -1]');
      expect(call({ weight: zeros([4, 3, 0, 5]) })).toThrow('conv2d "conv1": weight sizes must be >= 1, got [4, 3, 0, 5]');
    });
    it("an output size below 1", () => {
      expect(call({ x: zeros([1, 3, 5, 5]), weight: zeros([4, 3, 7, 7]) })).toThrow('conv2d "conv1": kernel 7 larger than input 5 (H)');
      expect(call({ x: zeros([1, 3, 3, 3]), weight: zeros([4, 3, 7, 7]) }, { padding: 1 })).toThrow('conv2d "conv1": kernel 7 larger than padded input 5 (H 3 + 2 x padding 1)');
      expect(call({ x: zeros([1, 3, 9, 9]), weight: zeros([4, 3, 5, 5]) }, { dilation: 3 })).toThrow('conv2d "conv1": dilated kernel 13 (kernel 5, dilation 3) larger than input 9 (H)');
    });
    it("non-finite or fractional options, and a wrong number of per-axis values", () => {
      expect(call({}, { stride: Infinity })).toThrow('conv2d "conv1": stride must be finite numbers, got Infinity');
      expect(call({}, { padding: [1, NaN] })).toThrow('conv2d "conv1": padding must be finite numbers, got [1, NaN]');
      expect(call({}, { stride: 1.5 })).toThrow('conv2d "conv1": stride must be integers, got 1.5');
      expect(call({}, { stride: [1, 2, 3] })).toThrow('conv2d "conv1": stride needs 2 values (one per spatial axis), got [1, 2, 3]');
    });
    it("an unknown option, such as a typo", () => {
      expect(call({}, { strides: 2 })).toThrow('conv2d "conv1": unknown option "strides" (expected stride, padding, dilation, groups or name)');
      expect(() => conv2d.infer({ x: x.shape, weight: weight.shape }, { kernel_size: 3 } as never)).toThrow(/^conv2d: unknown option "kernel_size"/);
    });
    it("a missing weight", () => {
      expect(call({ weight: undefined })).toThrow('conv2d "conv1": missing weight');
    });
    it("without a layer name, names the op alone", () => {
      expect(() => conv2d.forward({ x, weight }, { stride: 0 })).toThrow(/^conv2d: stride must be >= 1/);
    });
  });
});
