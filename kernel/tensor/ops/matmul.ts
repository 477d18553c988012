import { broadcastShapes, eachBroadcast } from "../broadcast.ts";
import { fail, type OpContext } from "../errors.ts";
import { context, defineOp, wants, type BaseOptions, type Grads, type OpDef } from "../op.ts";
import { allocate, dtypeOf, formatShape, sizeOf, type Data } from "../tensor.ts";

export interface Plan {
  /** The broadcast batch axes of the result. */
  batch: number[];
  n: number;
  k: number;
  m: number;
  shape: number[];
}

/** a [..., n, k] · b [..., k, m] → [batch..., n, m], the batch axes broadcasting. */
function plan(ctx: OpContext, a: readonly number[], b: readonly number[]): Plan {
  if (a.length < 2 || b.length < 2) fail(ctx, `expected a and b with at least 2 axes (matrices, or batches of them), got ${formatShape(a)} and ${formatShape(b)}`);
  const [n, k] = a.slice(-2),
    [k2, m] = b.slice(-2);
  if (k !== k2) fail(ctx, `a ${formatShape(a)} has ${k} columns but b ${formatShape(b)} has ${k2} rows`);
  const batch = broadcastShapes(ctx, a.slice(0, -2), b.slice(0, -2));
  return { batch, n, k, m, shape: [...batch, n, m] };
}

/** out[n, m] += x[n, k] · y[k, m] for one matrix of each, at the given offsets (transposes through strides). */
function product(x: Data, xo: number, xRow: number, xCol: number, y: Data, yo: number, yRow: number, yCol: number, out: Data, oo: number, n: number, k: number, m: number): void {
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const v = x[xo + i * xRow + p * xCol];
      const yBase = yo + p * yRow;
      const oBase = oo + i * m;
      for (let j = 0; j < m; j++) out[oBase + j] += v * y[yBase + j * yCol];
    }
  }
}

/** matmul(a, b): the matrix product of the last two axes, batched over the others (which broadcast). */
export const matmul: OpDef<BaseOptions, { a: { shape: number[]; data: Data }; b: { shape: number[]; data: Data }; p: Plan }> = defineOp({
  name: "matmul",
  inputs: ["a", "b"],
  differentiable: ["a", "b"],
  options: [],
  infer({ a, b }, options) {
    const ctx = context("matmul", options);
    if (!a || !b) fail(ctx, "expected two inputs a and b");
    const p = plan(ctx, a, b);
    return { shape: p.shape, params: 0, macs: sizeOf(p.batch) * p.n * p.k * p.m, windows: null };
  },
  forward({ a, b }, options) {
    const ctx = context("matmul", options);
    if (!a || !b) fail(ctx, "expected two inputs a and b");
    const p = plan(ctx, a.shape, b.shape);
    const { n, k, m } = p;
    const out = allocate(sizeOf(p.shape), dtypeOf(a));
    eachBroadcast(p.batch, a.shape.slice(0, -2), b.shape.slice(0, -2), (o, ia, ib) => {
      product(a.data, ia * n * k, k, 1, b.data, ib * k * m, m, 1, out, o * n * m, n, k, m);
    });
    return { output: { shape: p.shape, data: out }, saved: { a, b, p } };
  },
  backward(gradOutput, { a, b, p }, _options, run) {
    const { n, k, m } = p;
    const g = gradOutput.data;
    const grads: Grads = {};
    const aBatch = a.shape.slice(0, -2),
      bBatch = b.shape.slice(0, -2);
    if (wants(run, "a")) {
      // da = g · bᵀ, summed over the batch axes a was broadcast along.
      const da = allocate(sizeOf(a.shape), dtypeOf(gradOutput));
      eachBroadcast(p.batch, aBatch, bBatch, (o, ia, ib) => {
        product(g, o * n * m, m, 1, b.data, ib * k * m, 1, m, da, ia * n * k, n, m, k);
      });
      grads.a = { shape: [...a.shape], data: da };
    }
    if (wants(run, "b")) {
      // db = aᵀ · g
      const db = allocate(sizeOf(b.shape), dtypeOf(gradOutput));
      eachBroadcast(p.batch, aBatch, bBatch, (o, ia, ib) => {
        product(a.data, ia * n * k, 1, k, g, o * n * m, m, 1, db, ib * k * m, k, n, m);
      });
      grads.b = { shape: [...b.shape], data: db };
    }
    return grads;
  },
});
