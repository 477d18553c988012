import { describe, expect, it } from "vitest";
import { ops } from "../../../kernel/tensor/ops/index.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// The arithmetic and shape ops of issue 17: values (PyTorch's semantics), gradients by finite
// differences, and the errors for shapes that do not fit.

const values = (t: { data: ArrayLike<number> }) => Array.from(t.data);

describe("add, sub, mul, div: broadcasting", () => {
  it("pair elements as NumPy does and sum each gradient back to its input's shape", () => {
    const a = tensor([1, 2, 3], [3, 1], "float64"),
      b = tensor([10, 20], [2], "float64");
    const out = ops.add.forward({ a, b }, {}).output;
    expect(out.shape).toEqual([3, 2]);
    expect(values(out)).toEqual([11, 21, 12, 22, 13, 23]);
    expect(values(ops.div.forward({ a: b, b: tensor([2], [], "float64") }, {}).output)).toEqual([5, 10]);
    for (const name of ["add", "sub", "mul", "div"] as const) {
      const inputs = randomInputs({ a: [2, 1, 4], b: [3, 1] }, 80);
      if (name === "div") inputs.b.data.forEach((v, i) => (inputs.b.data[i] = 1.5 + Math.abs(v))); // away from 0
      gradcheck(ops[name], inputs);
      gradcheck(ops[name], randomInputs({ a: [], b: [2, 3] }, 81));
    }
  });

  it("names the axis where shapes do not broadcast", () => {
    const a = tensor(new Float32Array(2 * 8 * 3 * 3), [2, 8, 3, 3]),
      b = tensor(new Float32Array(2 * 16 * 3 * 3), [2, 16, 3, 3]);
    expect(() => ops.add.forward({ a, b }, { name: "s" })).toThrow('add "s": shapes [2, 8, 3, 3] and [2, 16, 3, 3] do not broadcast (axis 1: 8 vs 16)');
    expect(() => ops.add.infer({ a: [2, 8, 14, 14], b: [2, 16, 14, 14] }, { name: "s" })).toThrow('add "s": shapes [2, 8, 14, 14] and [2, 16, 14, 14] do not broadcast (axis 1: 8 vs 16)');
  });
});

describe("matmul", () => {
  it("multiplies matrices and batches of them (batch axes broadcast); gradients by finite differences", () => {
    const out = ops.matmul.forward({ a: tensor([1, 2, 3, 4], [2, 2], "float64"), b: tensor([5, 6, 7, 8], [2, 2], "float64") }, {}).output;
    expect(values(out)).toEqual([19, 22, 43, 50]);
    gradcheck(ops.matmul, randomInputs({ a: [3, 4], b: [4, 2] }, 82));
    gradcheck(ops.matmul, randomInputs({ a: [2, 1, 3, 4], b: [5, 4, 2] }, 83));
    gradcheck(ops.matmul, randomInputs({ a: [2, 3, 4], b: [4, 5] }, 84));
    expect(() => ops.matmul.infer({ a: [3, 4], b: [5, 2] }, { name: "m" })).toThrow('matmul "m": a [3, 4] has 4 columns but b [5, 2] has 5 rows');
    expect(() => ops.matmul.infer({ a: [4], b: [4, 2] }, {})).toThrow(/matmul: expected a and b with at least 2 axes/);
  });
});

describe("sum and mean", () => {
  it("reduce the axes asked (all by default), keep them on request; the gradient spreads back", () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3], "float64");
    expect(values(ops.sum.forward({ x }, {}).output)).toEqual([21]);
    expect(ops.sum.forward({ x }, {}).output.shape).toEqual([]);
    expect(values(ops.sum.forward({ x }, { dim: 1 }).output)).toEqual([6, 15]);
    expect(ops.mean.forward({ x }, { dim: [0], keepdim: true }).output).toEqual({ shape: [1, 3], data: new Float64Array([2.5, 3.5, 4.5]) });
    for (const options of [{}, { dim: [1, 2] }, { dim: -1, keepdim: true }, { dim: null }]) {
      gradcheck(ops.sum, randomInputs({ x: [2, 3, 4] }, 85), options);
      gradcheck(ops.mean, randomInputs({ x: [2, 3, 4] }, 86), options);
    }
    expect(() => ops.sum.infer({ x: [2, 3] }, { dim: 2, name: "s" })).toThrow('sum "s": dim 2 out of range for a tensor of rank 2 (expected -2 to 1)');
    expect(() => ops.mean.infer({ x: [2, 3] }, { dim: [0, -2] })).toThrow("mean: dim [0, -2] names an axis twice");
  });
});

describe("reshape, permute, transpose, narrow, cat", () => {
  it("move values as PyTorch does, and their gradients back", () => {
    const x = tensor([0, 1, 2, 3, 4, 5], [2, 3], "float64");
    expect(ops.reshape.forward({ x }, { shape: [3, -1] }).output.shape).toEqual([3, 2]);
    expect(values(ops.transpose.forward({ x }, { dim0: 0, dim1: 1 }).output)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(values(ops.permute.forward({ x }, { dims: [1, 0] }).output)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(values(ops.narrow.forward({ x }, { dim: 1, start: 1, length: 2 }).output)).toEqual([1, 2, 4, 5]);
    expect(values(ops.narrow.forward({ x }, { dim: 1, start: -1, length: 1 }).output)).toEqual([2, 5]);
    const cat = ops.cat.forward({ x0: x, x1: tensor([9, 9], [2, 1], "float64") }, { dim: 1 }).output;
    expect(cat.shape).toEqual([2, 4]);
    expect(values(cat)).toEqual([0, 1, 2, 9, 3, 4, 5, 9]);
    gradcheck(ops.reshape, randomInputs({ x: [2, 3, 4] }, 87), { shape: [4, -1, 2] });
    gradcheck(ops.permute, randomInputs({ x: [2, 3, 4] }, 88), { dims: [2, 0, 1] });
    gradcheck(ops.transpose, randomInputs({ x: [2, 3, 4] }, 89), { dim0: -1, dim1: 0 });
    gradcheck(ops.narrow, randomInputs({ x: [2, 5, 3] }, 90), { dim: 1, start: 1, length: 3 });
    gradcheck(ops.cat, randomInputs({ x0: [2, 1, 3], x1: [2, 4, 3], x2: [2, 2, 3] }, 91), { dim: 1 });
  });

  it("refuse what does not fit, naming the op, the layer and what was expected", () => {
    const x = tensor(new Float32Array(6), [2, 3]);
    const run = (name: keyof typeof ops, inputs: Record<string, unknown>, options: Record<string, unknown>) => () => ops[name].forward(inputs as never, { name: "v", ...options } as never);
    expect(run("reshape", { x }, { shape: [4, -1] })).toThrow('reshape "v": shape [4, -1] must leave a whole size for -1: the input [2, 3] has 6 values');
    expect(run("reshape", { x }, { shape: [5] })).toThrow(`reshape "v": shape [5] must hold the input's 6 values ([2, 3]), not 5`);
    expect(run("reshape", { x }, { shape: [-1, -1] })).toThrow('reshape "v": only one size may be -1, got [-1, -1]');
    expect(run("permute", { x }, { dims: [0, 0] })).toThrow('permute "v": dims must be a permutation of the 2 axes 0..1, got [0, 0]');
    expect(run("permute", { x }, { dims: [1] })).toThrow('permute "v": dims must be a permutation of the 2 axes 0..1, got [1]');
    expect(run("transpose", { x }, { dim0: 0, dim1: 2 })).toThrow('transpose "v": dim1 2 out of range for a tensor of rank 2 (expected -2 to 1)');
    expect(run("narrow", { x }, { dim: 1, start: 2, length: 2 })).toThrow('narrow "v": start 2 and length 2 reach past axis 1 of size 3');
    const y = tensor(new Float32Array(8), [2, 4]),
      z = tensor(new Float32Array(8), [4, 2]);
    expect(run("cat", { x0: x, x1: z }, { dim: 1 })).toThrow('cat "v": x1 is [4, 2] where x0 is [2, 3]: every axis but 1 must match (axis 0: 4 vs 2)');
    expect(run("cat", { x0: x, x1: y }, { dim: 1 })()).toBeDefined();
    expect(run("cat", { x0: x, x2: y }, {})).toThrow('cat "v": inputs must be x0, x1, ... in order with none missing; got x2 after a gap');
  });
});
