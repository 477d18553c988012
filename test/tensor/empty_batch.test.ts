import { describe, expect, it } from "vitest";
import { getOp, ops, type OpName } from "../../kernel/tensor/ops/index.ts";
import { randn } from "../../kernel/tensor/random.ts";
import { sequential } from "../../kernel/tensor/sequential.ts";
import { analyzeChain } from "../../kernel/tensor/shapes.ts";
import { full, zeros, type Tensor } from "../../kernel/tensor/tensor.ts";
import type { Response } from "../../kernel/worker/protocol.ts";
import { harness } from "../helpers/handler_harness.ts";

/**
 * A batch of N = 0 flows as in PyTorch: every op accepts it, returns an empty result of the
 * right shape, and backward gives gradients of the right shapes (empty for the input, zeros
 * for parameters, which no example touched).
 */
interface Case {
  op: OpName;
  inputs: Record<string, number[]>;
  options?: Record<string, unknown>;
  output: number[];
  /** The target of a loss: an empty tensor of this shape. */
  target?: number[];
}

const cases: Case[] = [
  { op: "conv1d", inputs: { x: [0, 3, 8], weight: [4, 3, 3], bias: [4] }, output: [0, 4, 6] },
  { op: "conv2d", inputs: { x: [0, 3, 8, 8], weight: [4, 3, 3, 3], bias: [4] }, output: [0, 4, 6, 6] },
  { op: "conv2d", inputs: { x: [0, 4, 5, 5], weight: [4, 2, 1, 1] }, options: { groups: 2 }, output: [0, 4, 5, 5] },
  { op: "conv_transpose1d", inputs: { x: [0, 3, 5], weight: [3, 2, 3], bias: [2] }, options: { stride: 2 }, output: [0, 2, 11] },
  { op: "conv_transpose2d", inputs: { x: [0, 3, 4, 5], weight: [3, 2, 3, 3], bias: [2] }, output: [0, 2, 6, 7] },
  { op: "max_pool1d", inputs: { x: [0, 3, 8] }, options: { kernelSize: 2 }, output: [0, 3, 4] },
  { op: "max_pool2d", inputs: { x: [0, 3, 8, 8] }, options: { kernelSize: 2 }, output: [0, 3, 4, 4] },
  { op: "avg_pool1d", inputs: { x: [0, 3, 8] }, options: { kernelSize: 3, stride: 2, padding: 1 }, output: [0, 3, 4] },
  { op: "avg_pool2d", inputs: { x: [0, 3, 8, 8] }, options: { kernelSize: 2 }, output: [0, 3, 4, 4] },
  { op: "upsample1d", inputs: { x: [0, 3, 4] }, options: { scaleFactor: 2 }, output: [0, 3, 7] },
  { op: "upsample2d", inputs: { x: [0, 3, 4, 4] }, options: { scaleFactor: 2 }, output: [0, 3, 7, 7] },
  { op: "downsample1d", inputs: { x: [0, 3, 8] }, options: { scaleFactor: 2 }, output: [0, 3, 4] },
  { op: "downsample2d", inputs: { x: [0, 3, 8, 8] }, options: { scaleFactor: 2 }, output: [0, 3, 4, 4] },
  { op: "linear", inputs: { x: [0, 5], weight: [4, 5], bias: [4] }, output: [0, 4] },
  { op: "flatten", inputs: { x: [0, 3, 4, 4] }, output: [0, 48] },
  { op: "amax", inputs: { x: [0, 3, 7] }, options: { dim: 2 }, output: [0, 3] },
  { op: "amax", inputs: { x: [0, 3, 7] }, options: { dim: 1, keepdim: true }, output: [0, 1, 7] },
  { op: "relu", inputs: { x: [0, 3, 8, 8] }, output: [0, 3, 8, 8] },
  { op: "sigmoid", inputs: { x: [0, 3] }, output: [0, 3] },
  { op: "tanh", inputs: { x: [0, 3] }, output: [0, 3] },
  { op: "softmax", inputs: { x: [0, 10] }, output: [0, 10] },
  { op: "softmax", inputs: { x: [0, 10] }, options: { dim: 0 }, output: [0, 10] },
  { op: "log_softmax", inputs: { x: [0, 10] }, output: [0, 10] },
  { op: "cross_entropy", inputs: { x: [0, 5] }, target: [0], options: { reduction: "none" }, output: [0] },
  { op: "cross_entropy", inputs: { x: [0, 5, 3] }, target: [0, 3], options: { reduction: "none" }, output: [0, 3] },
  { op: "bce_with_logits", inputs: { x: [0, 3] }, target: [0, 3], options: { reduction: "none" }, output: [0, 3] },
  { op: "mse", inputs: { x: [0, 3] }, target: [0, 3], options: { reduction: "none" }, output: [0, 3] },
  { op: "leaky_relu", inputs: { x: [0, 3] }, output: [0, 3] },
  { op: "elu", inputs: { x: [0, 3] }, output: [0, 3] },
  { op: "gelu", inputs: { x: [0, 3] }, options: { approximate: "tanh" }, output: [0, 3] },
  { op: "silu", inputs: { x: [0, 3] }, output: [0, 3] },
  { op: "softplus", inputs: { x: [0, 3] }, output: [0, 3] },
  { op: "erf", inputs: { x: [0, 3] }, output: [0, 3] },
  { op: "hardtanh", inputs: { x: [0, 3] }, output: [0, 3] },
  { op: "add", inputs: { a: [0, 3], b: [3] }, output: [0, 3] },
  { op: "sub", inputs: { a: [0, 3], b: [1, 3] }, output: [0, 3] },
  { op: "mul", inputs: { a: [0, 1, 4], b: [2, 4] }, output: [0, 2, 4] },
  { op: "div", inputs: { a: [0, 3], b: [3] }, output: [0, 3] },
  { op: "matmul", inputs: { a: [0, 5], b: [5, 2] }, output: [0, 2] },
  { op: "sum", inputs: { x: [0, 3, 4] }, options: { dim: [1, 2] }, output: [0] },
  { op: "mean", inputs: { x: [0, 3, 4] }, options: { dim: 2, keepdim: true }, output: [0, 3, 1] },
  { op: "reshape", inputs: { x: [0, 3, 4] }, options: { shape: [0, 12] }, output: [0, 12] },
  { op: "permute", inputs: { x: [0, 3, 4] }, options: { dims: [0, 2, 1] }, output: [0, 4, 3] },
  { op: "transpose", inputs: { x: [0, 3, 4] }, options: { dim0: 1, dim1: 2 }, output: [0, 4, 3] },
  { op: "narrow", inputs: { x: [0, 5] }, options: { dim: 1, start: 1, length: 3 }, output: [0, 3] },
  { op: "cat", inputs: { x0: [0, 2, 3], x1: [0, 4, 3] }, options: { dim: 1 }, output: [0, 6, 3] },
  { op: "pad", inputs: { x: [0, 2, 5] }, options: { pad: [1, 2], mode: "reflect" }, output: [0, 2, 8] },
  { op: "adaptive_avg_pool1d", inputs: { x: [0, 2, 5] }, options: { outputSize: 3 }, output: [0, 2, 3] },
  { op: "adaptive_avg_pool2d", inputs: { x: [0, 2, 5, 5] }, options: { outputSize: 1 }, output: [0, 2, 1, 1] },
  { op: "adaptive_max_pool1d", inputs: { x: [0, 2, 5] }, options: { outputSize: 2 }, output: [0, 2, 2] },
  { op: "adaptive_max_pool2d", inputs: { x: [0, 2, 5, 4] }, options: { outputSize: [2, 2] }, output: [0, 2, 2, 2] },
  { op: "interpolate", inputs: { x: [0, 2, 3, 3] }, options: { size: [5, 6], mode: "bilinear" }, output: [0, 2, 5, 6] },
  { op: "nll_loss", inputs: { x: [0, 5] }, target: [0], options: { reduction: "none" }, output: [0] },
  { op: "l1_loss", inputs: { x: [0, 3] }, target: [0, 3], options: { reduction: "none" }, output: [0, 3] },
  { op: "smooth_l1_loss", inputs: { x: [0, 3] }, target: [0, 3], options: { reduction: "none" }, output: [0, 3] },
  // Evaluation: a batch of none normalises nothing (training on it is refused, as PyTorch refuses it).
  { op: "batch_norm", inputs: { x: [0, 3, 4], weight: [3], bias: [3], runningMean: [3], runningVar: [3] }, output: [0, 3, 4] },
  { op: "layer_norm", inputs: { x: [0, 4], weight: [4], bias: [4] }, options: { normalizedShape: [4] }, output: [0, 4] },
  { op: "group_norm", inputs: { x: [0, 4, 3], weight: [4], bias: [4] }, options: { numGroups: 2 }, output: [0, 4, 3] },
  { op: "dropout", inputs: { x: [0, 4] }, options: { training: true }, output: [0, 4] },
];

function inputsOf(c: Case): Record<string, Tensor> {
  const inputs: Record<string, Tensor> = {};
  let seed = 1;
  for (const [name, shape] of Object.entries(c.inputs)) inputs[name] = randn(shape, { seed: seed++ });
  if (c.target) inputs.target = zeros(c.target);
  return inputs;
}

describe("an empty batch (N = 0)", () => {
  it("covers every op", () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(Object.keys(ops)));
  });

  for (const c of cases) {
    const title = `${c.op} ${JSON.stringify(c.options ?? {})}`;
    it(`${title}: infer, forward and backward give the shapes PyTorch gives`, () => {
      const op = getOp(c.op);
      const inputs = inputsOf(c);
      const shapes = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, t.shape]));
      expect(op.infer(shapes, { name: "layer", ...c.options }).shape).toEqual(c.output);
      const { output, saved } = op.forward(inputs, { name: "layer", ...c.options });
      expect(output.shape).toEqual(c.output);
      expect(output.data.length).toBe(0);
      const grads = op.backward(zeros(output.shape), saved, c.options ?? {});
      for (const name of op.differentiable) {
        const given = inputs[name];
        if (!given) continue;
        const g = grads[name];
        expect(g?.shape, `gradient of ${name}`).toEqual(given.shape);
        expect(g.data.length).toBe(given.data.length);
        // Parameters (weight, bias) keep their size: their gradient is all zeros.
        expect(
          Array.from(g.data).every((v) => v === 0),
          `gradient of ${name} is zeros`,
        ).toBe(true);
      }
    });
  }

  describe("losses follow PyTorch: mean is 0/0 = NaN, sum is 0, and the input's gradient is empty", () => {
    const losses: Array<{ op: OpName; x: number[]; target: number[]; options?: Record<string, unknown> }> = [
      { op: "cross_entropy", x: [0, 5], target: [0] },
      { op: "cross_entropy", x: [0, 5], target: [0, 5] },
      { op: "cross_entropy", x: [0, 5], target: [0], options: { labelSmoothing: 0.1 } },
      { op: "bce_with_logits", x: [0, 3], target: [0, 3] },
      { op: "mse", x: [0, 3], target: [0, 3] },
      { op: "nll_loss", x: [0, 5], target: [0] },
      { op: "l1_loss", x: [0, 3], target: [0, 3] },
      { op: "smooth_l1_loss", x: [0, 3], target: [0, 3] },
    ];
    for (const l of losses) {
      for (const reduction of ["mean", "sum"] as const) {
        it(`${l.op} ${JSON.stringify({ ...l.options, target: l.target })}, reduction ${reduction}`, () => {
          const op = getOp(l.op);
          const options = { ...l.options, reduction };
          const { output, saved } = op.forward({ x: randn(l.x), target: zeros(l.target) }, options);
          expect(output.shape).toEqual([]);
          if (reduction === "mean") expect(output.data[0]).toBeNaN();
          else expect(output.data[0]).toBe(0);
          const grads = op.backward(full([], 1), saved, options);
          expect(grads.x.shape).toEqual(l.x);
          expect(grads.x.data.length).toBe(0);
        });
      }
    }
  });

  it("amax over the empty batch axis itself is refused, as in PyTorch", () => {
    expect(() => getOp("amax").forward({ x: zeros([0, 3]) }, { name: "m", dim: 0 })).toThrow('amax "m": cannot take the maximum over dim 0 of size 0 (input [0, 3])');
    expect(() => getOp("amax").infer({ x: [0, 3] }, { dim: -2 })).toThrow("amax: cannot take the maximum over dim 0 of size 0");
  });

  it("still refuses a channel or spatial size of 0, naming the op and layer", () => {
    expect(() => getOp("conv2d").forward({ x: zeros([1, 3, 0, 8]), weight: zeros([4, 3, 3, 3]) }, { name: "c" })).toThrow(
      'conv2d "c": expected input [N, C, H, W] with every size >= 1 (N may be 0), got [1, 3, 0, 8]',
    );
    expect(() => getOp("max_pool1d").infer({ x: [0, 0, 8] }, { kernelSize: 2 })).toThrow("max_pool1d: expected input [N, C, L] with every size >= 1 (N may be 0), got [0, 0, 8]");
  });

  it("linear with no input features gives the bias, of the right shape", () => {
    const { output } = getOp("linear").forward({ x: zeros([2, 0]), weight: zeros([3, 0]), bias: full([3], 1) }, {});
    expect(output.shape).toEqual([2, 3]);
    expect(Array.from(output.data)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("flows through a whole network: shapes first, then values and gradients", () => {
    const layers = [
      { op: "conv2d", weight: "w1", bias: "b1", padding: 1 },
      { op: "relu" },
      { op: "max_pool2d", kernelSize: 2 },
      { op: "flatten" },
      { op: "linear", weight: "w2" },
      { op: "cross_entropy", target: zeros([0]), reduction: "sum" },
    ];
    const params = { w1: randn([4, 3, 3, 3]), b1: randn([4]), w2: randn([10, 64]) };
    const chain = analyzeChain(
      [0, 3, 8, 8],
      layers.map(({ op, weight, bias, target, ...options }) => ({
        op,
        weight: weight ? params[weight as keyof typeof params].shape : undefined,
        bias: bias ? params[bias as keyof typeof params].shape : undefined,
        target: target?.shape,
        options,
      })),
    );
    expect(chain.map((l) => l.shape)).toEqual([[0, 4, 8, 8], [0, 4, 8, 8], [0, 4, 4, 4], [0, 64], [0, 10], []]);
    expect(chain[0].macs).toBe(0);
    const result = sequential(zeros([0, 3, 8, 8]), layers, params);
    expect(Array.from(result.output.data)).toEqual([0]);
    expect(result.grads.x.shape).toEqual([0, 3, 8, 8]);
    expect(result.grads.w1.shape).toEqual([4, 3, 3, 3]);
    expect(Array.from(result.grads.w2.data).every((v) => v === 0)).toBe(true);
  });

  it("runs in the worker: ops, a mean loss of NaN, its gradients and the statistics of empty tensors", () => {
    const h = harness();
    h.upload(1, zeros([0, 3, 8, 8]));
    h.upload(2, randn([4, 3, 3, 3], { seed: 2 }));
    h.upload(3, zeros([0]));
    h.upload(4, randn([10, 144], { seed: 3 }));
    const ran = [
      h.run(5, "conv2d", { x: 1, weight: 2 }),
      h.run(6, "flatten", { x: 5 }),
      h.run(7, "linear", { x: 6, weight: 4 }),
      h.run(8, "cross_entropy", { x: 7, target: 3 }),
      h.grad(9, 8, 2),
      h.grad(10, 8, 1),
    ];
    const loss = h.read(8),
      dw = h.read(9),
      dx = h.read(10);
    const stats = [1, 5, 9].map((id) => {
      const j = 100 + id;
      h.send({ type: "stats", job: j, id });
      return j;
    });
    h.pump();
    for (const j of ran) expect(h.response(j), `job ${j}`).toMatchObject({ type: "done" });
    const data = (j: number) => h.response(j) as Extract<Response, { type: "data" }>;
    expect(data(loss).shape).toEqual([]);
    expect(data(loss).data[0]).toBeNaN();
    // The weight's gradient is a sum over no examples: zeros, as PyTorch gives.
    expect(data(dw).shape).toEqual([4, 3, 3, 3]);
    expect(Array.from(data(dw).data).every((v) => v === 0)).toBe(true);
    expect(data(dx).shape).toEqual([0, 3, 8, 8]);
    const [emptyIn, emptyOut, weightGrad] = stats.map((j) => h.response(j) as Extract<Response, { type: "stats" }>);
    expect(emptyIn).toMatchObject({ type: "stats", nan: 0 });
    expect(emptyIn.min).toBeNaN();
    expect(emptyOut.mean).toBeNaN();
    expect(weightGrad).toMatchObject({ min: 0, max: 0, mean: 0, nan: 0 });
  });
});
