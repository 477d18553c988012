import { expect, it } from "vitest";
import { referenceOp } from "../../../kernel/tensor/ops/index.ts";
import { referenceProducts } from "../../../kernel/tensor/products.ts";
import { randn, seededRandom } from "../../../kernel/tensor/random.ts";
import { describeEachKernelModule } from "../../helpers/kernel_modules.ts";
import { wasmOps } from "../../../kernel/tensor/wasm/ops.ts";
import { wasmProducts } from "../../../kernel/tensor/wasm/products.ts";

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i],
      b = expected[i];
    if (Number.isNaN(b)) expect(Number.isNaN(a), `${what}[${i}]`).toBe(true);
    else expect(Math.abs(a - b) / Math.max(1, Math.abs(b)), `${what}[${i}]: ${a} vs ${b}`).toBeLessThan(1e-4);
  }
}

describeEachKernelModule("WebAssembly matrix products and the linear layer against the reference", () => {
  it("gemm agrees on 200 random sizes (edges that fill no tile, offsets, accumulating or not)", () => {
    const random = seededRandom(16);
    const pick = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    for (let i = 0; i < 200; i++) {
      const M = pick(1, 19),
        N = pick(1, 21),
        K = pick(1, 37),
        aOff = pick(0, 3),
        bOff = pick(0, 3),
        cOff = pick(0, 3);
      const A = randn([aOff + M * K], { seed: i }).data,
        B = randn([bOff + K * N], { seed: i + 1000 }).data;
      const accumulate = random() < 0.5;
      const C1 = randn([cOff + M * N], { seed: i + 2000 }).data,
        C2 = C1.slice();
      referenceProducts.gemm(M, N, K, A, aOff, B, bOff, C1, cOff, accumulate);
      wasmProducts.gemm(M, N, K, A, aOff, B, bOff, C2, cOff, accumulate);
      close(C2, C1, `gemm #${i} ${M}x${N}x${K} accumulate ${accumulate}`);
      const BT = randn([bOff + N * K], { seed: i + 3000 }).data,
        D1 = new Float32Array(M * N),
        D2 = new Float32Array(M * N);
      referenceProducts.gemmNT(M, N, K, A, aOff, BT, bOff, D1, 0, false);
      wasmProducts.gemmNT(M, N, K, A, aOff, BT, bOff, D2, 0, false);
      close(D2, D1, `gemmNT #${i}`);
    }
  });

  it("linear agrees forward and in every gradient, with and without bias, on batched and odd shapes; NaN propagates", () => {
    const shapes: Array<[number[], number]> = [
      [[32, 400], 120],
      [[7, 13], 5],
      [[1, 3], 1],
      [[2, 3, 9], 10],
      [[0, 4], 3],
    ];
    for (const [xShape, outF] of shapes) {
      for (const withBias of [false, true]) {
        const x = randn(xShape, { seed: 1 }),
          weight = randn([outF, xShape.at(-1)!], { seed: 2 });
        if (x.data.length) x.data[0] = Number.NaN;
        const inputs = { x, weight, ...(withBias ? { bias: randn([outF], { seed: 3 }) } : {}) };
        const r = referenceOp("linear").forward(inputs, {}),
          f = wasmOps.linear.forward(inputs, {});
        close(f.output.data, r.output.data, `linear ${JSON.stringify(xShape)} → ${outF} forward`);
        const g = randn(r.output.shape, { seed: 4 });
        const rg = referenceOp("linear").backward(g, r.saved, {}),
          fg = wasmOps.linear.backward(g, f.saved, {});
        for (const slot of Object.keys(rg)) close(fg[slot].data, rg[slot].data, `linear ${JSON.stringify(xShape)} grad ${slot}`);
      }
    }
  });
});
