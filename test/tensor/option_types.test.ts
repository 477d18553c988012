import { describe, expect, it } from "vitest";
import { OpError } from "../../kernel/tensor/errors.ts";
import { getOp, ops, type OpName } from "../../kernel/tensor/ops/index.ts";
import { tensor, zeros, type Tensor } from "../../kernel/tensor/tensor.ts";

/**
 * An option of the wrong type is an OpError naming the op, the layer and the option, and
 * saying what was expected: never "value is not iterable", "[object Object]", or a string
 * "22" read as two values.
 */
interface OpCase {
  op: OpName;
  inputs: Record<string, Tensor>;
  /** Options the call needs to be valid (kernelSize of a pool...). */
  base?: Record<string, unknown>;
  /** Every option the op reads, besides name. */
  options: string[];
  /** Options for which null means "the default", as None does in PyTorch. */
  nullable?: string[];
  /** true/false options, for which `true` is right. */
  booleans?: string[];
}

const x1 = zeros([1, 2, 8]),
  x2 = zeros([1, 2, 8, 8]);
const pool = (op: OpName, x: Tensor, kind: "max" | "avg"): OpCase => ({
  op,
  inputs: { x },
  base: { kernelSize: 2 },
  options: kind === "max" ? ["kernelSize", "stride", "padding", "dilation", "ceilMode"] : ["kernelSize", "stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"],
  nullable: kind === "max" ? ["stride"] : ["stride", "divisorOverride"],
  booleans: kind === "max" ? ["ceilMode"] : ["ceilMode", "countIncludePad"],
});
const loss = (op: OpName, extra: string[] = []): OpCase => ({
  op,
  inputs: { x: zeros([2, 3]), target: op === "cross_entropy" ? tensor([0, 1]) : zeros([2, 3]) },
  options: ["reduction", ...extra],
});

const cases: OpCase[] = [
  { op: "conv1d", inputs: { x: x1, weight: zeros([3, 2, 3]) }, options: ["stride", "padding", "dilation", "groups"] },
  { op: "conv2d", inputs: { x: x2, weight: zeros([3, 2, 3, 3]) }, options: ["stride", "padding", "dilation", "groups"] },
  { op: "conv_transpose1d", inputs: { x: x1, weight: zeros([2, 3, 3]) }, options: ["stride", "padding", "outputPadding", "dilation", "groups"] },
  { op: "conv_transpose2d", inputs: { x: x2, weight: zeros([2, 3, 3, 3]) }, options: ["stride", "padding", "outputPadding", "dilation", "groups"] },
  pool("max_pool1d", x1, "max"),
  pool("max_pool2d", x2, "max"),
  pool("avg_pool1d", x1, "avg"),
  pool("avg_pool2d", x2, "avg"),
  { op: "upsample1d", inputs: { x: x1 }, base: { scaleFactor: 2 }, options: ["scaleFactor"] },
  { op: "upsample2d", inputs: { x: x2 }, base: { scaleFactor: 2 }, options: ["scaleFactor"] },
  { op: "downsample1d", inputs: { x: x1 }, base: { scaleFactor: 2 }, options: ["scaleFactor"] },
  { op: "downsample2d", inputs: { x: x2 }, base: { scaleFactor: 2 }, options: ["scaleFactor"] },
  { op: "linear", inputs: { x: zeros([2, 3]), weight: zeros([4, 3]) }, options: [] },
  { op: "flatten", inputs: { x: x2 }, options: ["startDim", "endDim"] },
  { op: "amax", inputs: { x: x1 }, base: { dim: 2 }, options: ["dim", "keepdim"], booleans: ["keepdim"] },
  { op: "relu", inputs: { x: x1 }, options: [] },
  { op: "sigmoid", inputs: { x: x1 }, options: [] },
  { op: "tanh", inputs: { x: x1 }, options: [] },
  { op: "softmax", inputs: { x: x1 }, options: ["dim"] },
  { op: "log_softmax", inputs: { x: x1 }, options: ["dim"] },
  loss("cross_entropy", ["ignoreIndex", "labelSmoothing"]),
  loss("bce_with_logits"),
  loss("mse"),
  { op: "leaky_relu", inputs: { x: x1 }, options: ["negativeSlope"] },
  { op: "elu", inputs: { x: x1 }, options: ["alpha"] },
  { op: "gelu", inputs: { x: x1 }, options: ["approximate"] },
  { op: "silu", inputs: { x: x1 }, options: [] },
  { op: "softplus", inputs: { x: x1 }, options: ["beta", "threshold"] },
  { op: "erf", inputs: { x: x1 }, options: [] },
  { op: "hardtanh", inputs: { x: x1 }, options: ["minVal", "maxVal"] },
  ...(["add", "sub", "mul", "div"] as const).map((op): OpCase => ({ op, inputs: { a: x1, b: zeros([8]) }, options: [] })),
  { op: "matmul", inputs: { a: zeros([2, 3]), b: zeros([3, 4]) }, options: [] },
  { op: "sum", inputs: { x: x2 }, options: ["dim", "keepdim"], nullable: ["dim"], booleans: ["keepdim"] },
  { op: "mean", inputs: { x: x2 }, options: ["dim", "keepdim"], nullable: ["dim"], booleans: ["keepdim"] },
  { op: "reshape", inputs: { x: x2 }, base: { shape: [2, -1] }, options: ["shape"] },
  { op: "permute", inputs: { x: x2 }, base: { dims: [0, 2, 3, 1] }, options: ["dims"] },
  { op: "transpose", inputs: { x: x2 }, base: { dim0: 1, dim1: 2 }, options: ["dim0", "dim1"] },
  { op: "narrow", inputs: { x: x2 }, base: { dim: 2, start: 1, length: 3 }, options: ["dim", "start", "length"] },
  { op: "cat", inputs: { x0: x2, x1: x2 }, options: ["dim"] },
  { op: "pad", inputs: { x: x2 }, base: { pad: [1, 1] }, options: ["pad", "mode", "value"], nullable: ["value"] },
  { op: "adaptive_avg_pool1d", inputs: { x: x1 }, base: { outputSize: 3 }, options: ["outputSize"] },
  { op: "adaptive_avg_pool2d", inputs: { x: x2 }, base: { outputSize: 3 }, options: ["outputSize"] },
  { op: "adaptive_max_pool1d", inputs: { x: x1 }, base: { outputSize: 3 }, options: ["outputSize"] },
  { op: "adaptive_max_pool2d", inputs: { x: x2 }, base: { outputSize: 3 }, options: ["outputSize"] },
  { op: "interpolate", inputs: { x: x2 }, base: { size: [4, 4], mode: "bilinear" }, options: ["size", "scaleFactor", "mode", "alignCorners"], nullable: ["scaleFactor"], booleans: ["alignCorners"] },
  { op: "nll_loss", inputs: { x: zeros([2, 3]), target: tensor([0, 1]) }, options: ["reduction", "ignoreIndex"] },
  loss("l1_loss"),
  loss("smooth_l1_loss", ["beta"]),
  { op: "batch_norm", inputs: { x: x2, runningMean: zeros([2]), runningVar: zeros([2]) }, options: ["training", "momentum", "eps"], booleans: ["training"] },
  { op: "layer_norm", inputs: { x: x2 }, base: { normalizedShape: [8] }, options: ["normalizedShape", "eps"] },
  { op: "group_norm", inputs: { x: x2 }, base: { numGroups: 2 }, options: ["numGroups", "eps"] },
  { op: "dropout", inputs: { x: x2 }, options: ["p", "training", "seed"], booleans: ["training"] },
];

const wrong: Array<[string, unknown]> = [
  ["null", null],
  ["true", true],
  ["{}", {}],
  ['"2"', "2"],
  ["[]", []],
  ["NaN", NaN],
  ["[1, null]", [1, null]],
  ["a function", () => 2],
];

/** The error a call throws, or a failure saying it threw none. */
function errorOf(call: () => unknown): Error {
  try {
    call();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error, got none");
}

describe("options of the wrong type", () => {
  it("covers every op and every option it takes", () => {
    expect(new Set(cases.map((c) => c.op))).toEqual(new Set(Object.keys(ops)));
    for (const c of cases) expect([...c.options].sort(), c.op).toEqual([...getOp(c.op).options].sort());
  });

  for (const c of cases) {
    describe(c.op, () => {
      const op = getOp(c.op);
      it("is valid with its base options (the cases below change one option at a time)", () => {
        expect(() => op.forward(c.inputs, { name: "layer", ...c.base })).not.toThrow();
      });
      for (const option of c.options) {
        it(`${option}: each wrong value names the op, the layer and the option, and says what was expected`, () => {
          for (const [label, value] of wrong) {
            if ((value === null && c.nullable?.includes(option)) || (value === true && c.booleans?.includes(option))) {
              expect(() => op.forward(c.inputs, { name: "layer", ...c.base, [option]: value }), `${option}: ${label} is right`).not.toThrow();
              continue;
            }
            for (const call of [
              () => op.forward(c.inputs, { name: "layer", ...c.base, [option]: value }),
              () => op.infer(Object.fromEntries(Object.entries(c.inputs).map(([k, t]) => [k, t.shape])), { name: "layer", ...c.base, [option]: value }),
            ]) {
              const error = errorOf(call);
              const why = `${c.op} ${option} = ${label}: ${error.message}`;
              expect(error, why).toBeInstanceOf(OpError);
              expect(error.message.startsWith(`${c.op} "layer": ${option} `), why).toBe(true);
              expect(error.message, why).toMatch(/ must | needs /);
              expect(error.message, why).not.toMatch(/object Object|not iterable|undefined/);
            }
          }
        });
      }
      it("name: a layer name must be a string", () => {
        for (const value of [true, {}, [], NaN, 3]) {
          const error = errorOf(() => op.forward(c.inputs, { ...c.base, name: value }));
          expect(error).toBeInstanceOf(OpError);
          expect(error.message).toMatch(new RegExp(`^${c.op}: name must be a string \\(the layer's name\\), got `));
        }
      });
      it("the options themselves must be an object", () => {
        for (const value of ["2", [], true, 3]) {
          expect(() => op.forward(c.inputs, value as never)).toThrow(`${c.op}: expected options as an object such as {name: "conv1"}, got `);
        }
      });
    });
  }
});

describe("messages of the wrong type, word for word", () => {
  const conv = (options: Record<string, unknown>) => () => getOp("conv2d").forward({ x: x2, weight: zeros([3, 2, 3, 3]) }, { name: "c", ...options });
  const pool2 = (options: Record<string, unknown>) => () => getOp("max_pool2d").forward({ x: x2 }, { name: "p", kernelSize: 2, ...options });
  const avg2 = (options: Record<string, unknown>) => () => getOp("avg_pool2d").forward({ x: x2 }, { name: "p", kernelSize: 2, ...options });
  const ce = (options: Record<string, unknown>) => () => getOp("cross_entropy").forward({ x: zeros([2, 3]), target: tensor([0, 1]) }, { name: "l", ...options });

  it("per-axis options: a number or a list of one integer per spatial axis", () => {
    expect(conv({ stride: null })).toThrow('conv2d "c": stride must be a number or a list of 2 integers, got null');
    expect(conv({ stride: true })).toThrow('conv2d "c": stride must be a number or a list of 2 integers, got true');
    expect(conv({ stride: {} })).toThrow('conv2d "c": stride must be a number or a list of 2 integers, got {}');
    expect(conv({ stride: "2" })).toThrow('conv2d "c": stride must be a number or a list of 2 integers, got "2"');
    expect(conv({ stride: "22" })).toThrow('conv2d "c": stride must be a number or a list of 2 integers, got "22"');
    expect(conv({ dilation: [1, "2"] })).toThrow('conv2d "c": dilation must be a number or a list of 2 integers, got [1, "2"]');
    expect(conv({ stride: [] })).toThrow('conv2d "c": stride needs 2 values (one per spatial axis), got []');
    expect(conv({ stride: NaN })).toThrow('conv2d "c": stride must be finite numbers, got NaN');
    expect(pool2({ kernelSize: null })).toThrow('max_pool2d "p": kernelSize must be a number or a list of 2 integers, got null');
    expect(() => getOp("conv1d").forward({ x: x1, weight: zeros([3, 2, 3]) }, { name: "c", stride: { x: 2 } })).toThrow('conv1d "c": stride must be a number or a list of 1 integer, got {x: 2}');
    expect(() => getOp("upsample2d").forward({ x: x2 }, { name: "u", scaleFactor: "2" })).toThrow('upsample2d "u": scaleFactor must be a number or a list of 2 integers, got "2"');
    expect(() => getOp("conv_transpose2d").forward({ x: x2, weight: zeros([2, 3, 3, 3]) }, { name: "t", stride: 2, outputPadding: null })).toThrow(
      'conv_transpose2d "t": outputPadding must be a number or a list of 2 integers, got null',
    );
  });

  it('a convolution\'s padding may also be "same" or "valid"', () => {
    expect(conv({ padding: null })).toThrow('conv2d "c": padding must be a number, a list of 2 integers, "same" or "valid", got null');
    expect(conv({ padding: "full" })).toThrow('conv2d "c": padding must be a number, a list of 2 integers, "same" or "valid", got "full"');
    expect(conv({ padding: ["same"] })).toThrow('conv2d "c": padding must be a number or a list of 2 integers, got ["same"]');
  });

  it("integers, booleans, dims and choices", () => {
    expect(conv({ groups: "2" })).toThrow('conv2d "c": groups must be an integer >= 1, got "2"');
    expect(conv({ groups: null })).toThrow('conv2d "c": groups must be an integer >= 1, got null');
    expect(conv({ groups: 1.5 })).toThrow('conv2d "c": groups must be an integer >= 1, got 1.5');
    expect(pool2({ ceilMode: "false" })).toThrow('max_pool2d "p": ceilMode must be true or false, got "false"');
    expect(pool2({ ceilMode: 1 })).toThrow('max_pool2d "p": ceilMode must be true or false, got 1');
    expect(avg2({ countIncludePad: null })).toThrow('avg_pool2d "p": countIncludePad must be true or false, got null');
    expect(avg2({ divisorOverride: "2" })).toThrow('avg_pool2d "p": divisorOverride must be a finite non-zero number, got "2"');
    expect(() => getOp("softmax").forward({ x: x1 }, { name: "s", dim: "1" })).toThrow('softmax "s": dim must be an integer, got "1"');
    expect(() => getOp("softmax").forward({ x: x1 }, { name: "s", dim: null })).toThrow('softmax "s": dim must be an integer, got null');
    expect(() => getOp("flatten").forward({ x: x2 }, { name: "f", startDim: null })).toThrow('flatten "f": startDim must be an integer, got null');
    expect(() => getOp("amax").forward({ x: x1 }, { name: "m" })).toThrow('amax "m": dim is required (the axis to take the maximum over)');
    expect(() => getOp("amax").forward({ x: x1 }, { name: "m", dim: 2, keepdim: "yes" })).toThrow('amax "m": keepdim must be true or false, got "yes"');
    expect(ce({ reduction: null })).toThrow('cross_entropy "l": reduction must be "mean", "sum" or "none", got null');
    expect(ce({ reduction: ["sum"] })).toThrow('cross_entropy "l": reduction must be "mean", "sum" or "none", got ["sum"]');
    expect(ce({ ignoreIndex: "0" })).toThrow('cross_entropy "l": ignoreIndex must be an integer, got "0"');
    expect(ce({ labelSmoothing: "0.1" })).toThrow('cross_entropy "l": labelSmoothing must be a number in [0, 1], got "0.1"');
    expect(ce({ labelSmoothing: NaN })).toThrow('cross_entropy "l": labelSmoothing must be in [0, 1], got NaN');
  });

  it("the error carries the op and the layer, for the runtime to show", () => {
    const error = errorOf(conv({ stride: null }));
    expect(error).toMatchObject({ name: "OpError", op: "conv2d", layer: "c" });
  });

  it("keeps accepting what PyTorch accepts: absent options, a pool's stride null, no divisor override", () => {
    expect(getOp("max_pool2d").forward({ x: x2 }, { kernelSize: 2, stride: null }).output.shape).toEqual([1, 2, 4, 4]);
    expect(getOp("avg_pool2d").forward({ x: x2 }, { kernelSize: 2, divisorOverride: null }).output.shape).toEqual([1, 2, 4, 4]);
    expect(getOp("conv2d").forward({ x: x2, weight: zeros([3, 2, 3, 3]) }, undefined as never).output.shape).toEqual([1, 3, 6, 6]);
    expect(getOp("relu").forward({ x: x1 }, { name: null } as never).output.shape).toEqual([1, 2, 8]);
  });
});
