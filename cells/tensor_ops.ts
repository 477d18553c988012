import type { Engine, Run } from "../kernel/dataflow/engine.ts";
import { LayerValue } from "../kernel/dataflow/layer_value.ts";
import { CAT_INPUTS } from "../kernel/tensor/ops/cat.ts";
import { tensor as tensorData } from "../kernel/tensor/tensor.ts";
import { describe, expectOptions, expectTensor } from "./arguments.ts";

/**
 * Arithmetic and shape ops on tensors, named as torch's in camelCase: add/sub/mul/div (tensors
 * or numbers, broadcasting), matmul, sum/mean, reshape, permute, transpose, cat, narrow, and
 * the views a notebook wants most, channel(x, i) and sample(x, n). Each is one engine op, with
 * its gradient; positional arguments as in torch, or an options object.
 */
type Options = Record<string, unknown> | undefined;

export function tensorOpFunctions(engine: Engine, run: () => Run) {
  const who = (op: string, options?: Options) => `${op} "${typeof options?.name === "string" ? options.name : run().label}"`;

  /** A tensor, or a number made into a tensor of no axes (it broadcasts against anything). */
  const operand = (value: unknown, op: string, what: string): LayerValue => {
    if (typeof value === "number") return engine.upload(run(), tensorData([value], []));
    if (value instanceof LayerValue) return value;
    throw new Error(`${who(op)}: expected ${what} to be a tensor or a number, got ${describe(value)}`);
  };
  const binary =
    (op: string) =>
    (a: unknown, b: unknown, options?: Options): LayerValue => {
      const opts = expectOptions(options, who(op));
      if (typeof a === "number" && typeof b === "number") throw new Error(`${who(op, opts)}: expected at least one tensor, got two numbers (${a} and ${b}); compute those in JavaScript`);
      return engine.apply(run(), op, { a: operand(a, op, "a"), b: operand(b, op, "b") }, opts);
    };
  const unary = (op: string, x: unknown, options: Record<string, unknown>): LayerValue => engine.apply(run(), op, { x: expectTensor(x, who(op, options), "the input") }, options);
  /** `f(x, value)` or `f(x, {key: value})`: a positional argument stands for one option. */
  const positional = (op: string, key: string, value: unknown, options: Options): Record<string, unknown> =>
    value !== null && typeof value === "object" && !Array.isArray(value) ? expectOptions(value, who(op)) : { ...expectOptions(options, who(op)), [key]: value };

  return {
    add: binary("add"),
    sub: binary("sub"),
    mul: binary("mul"),
    div: binary("div"),
    /** matmul(a, b): matrix product of the last two axes, batched (and broadcast) over the others. */
    matmul: (a: unknown, b: unknown, options?: Options): LayerValue =>
      engine.apply(run(), "matmul", { a: expectTensor(a, who("matmul", options), "a"), b: expectTensor(b, who("matmul", options), "b") }, expectOptions(options, who("matmul"))),
    /** sum(x), sum(x, {dim, keepdim}) or sum(x, dim). */
    sum: (x: unknown, dim?: unknown, options?: Options): LayerValue => unary("sum", x, dim === undefined ? expectOptions(options, who("sum")) : positional("sum", "dim", dim, options)),
    mean: (x: unknown, dim?: unknown, options?: Options): LayerValue => unary("mean", x, dim === undefined ? expectOptions(options, who("mean")) : positional("mean", "dim", dim, options)),
    /** reshape(x, [2, -1]) or reshape(x, {shape}). */
    reshape: (x: unknown, shape: unknown, options?: Options): LayerValue => unary("reshape", x, positional("reshape", "shape", shape, options)),
    /** permute(x, [0, 2, 3, 1]) or permute(x, {dims}). */
    permute: (x: unknown, dims: unknown, options?: Options): LayerValue => unary("permute", x, positional("permute", "dims", dims, options)),
    /** transpose(x, 0, 1) or transpose(x, {dim0, dim1}). */
    transpose: (x: unknown, dim0: unknown, dim1?: unknown, options?: Options): LayerValue =>
      unary("transpose", x, dim0 !== null && typeof dim0 === "object" ? expectOptions(dim0, who("transpose")) : { ...expectOptions(options, who("transpose")), dim0, dim1 }),
    /** cat([a, b, ...], dim) or cat([a, b], {dim}): up to 16 tensors joined along dim (0 by default). */
    cat(list: unknown, dim?: unknown, options?: Options): LayerValue {
      const opts = dim === undefined ? expectOptions(options, who("cat")) : positional("cat", "dim", dim, options);
      if (!Array.isArray(list)) throw new Error(`${who("cat", opts)}: expected a list of tensors, got ${describe(list)}`);
      if (list.length === 0 || list.length > CAT_INPUTS) throw new Error(`${who("cat", opts)}: expected 1 to ${CAT_INPUTS} tensors, got ${list.length}`);
      const inputs = Object.fromEntries(list.map((t, i) => [`x${i}`, expectTensor(t, who("cat", opts), `tensor ${i} of the list`)]));
      return engine.apply(run(), "cat", inputs, opts);
    },
    /** narrow(x, dim, start, length) or narrow(x, {dim, start, length}): a slice along one axis. */
    narrow: (x: unknown, dim: unknown, start?: unknown, length?: unknown, options?: Options): LayerValue =>
      unary("narrow", x, dim !== null && typeof dim === "object" ? expectOptions(dim, who("narrow")) : { ...expectOptions(options, who("narrow")), dim, start, length }),
    /** channel(x, i): channel i of every sample, kept as an axis of 1 ([N, 1, H, W]), for maps and views. */
    channel: (x: unknown, i: unknown, options?: Options): LayerValue => unary("narrow", x, { ...expectOptions(options, who("narrow")), dim: 1, start: i, length: 1 }),
    /** sample(x, n): sample n of a batch, kept as a batch of one. */
    sample: (x: unknown, n: unknown, options?: Options): LayerValue => unary("narrow", x, { ...expectOptions(options, who("narrow")), dim: 0, start: n, length: 1 }),
  };
}
