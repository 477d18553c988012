import { describe, expect, it } from "vitest";
import { gemm, gemmNT, transpose } from "../../kernel/tensor/gemm.ts";
import { randn } from "../../kernel/tensor/random.ts";

function naive(M: number, N: number, K: number, A: Float64Array, B: Float64Array): Float64Array {
  const C = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += A[i * K + k] * B[k * N + j];
      C[i * N + j] = s;
    }
  return C;
}

// Sizes that leave remainders of the 4x4 (and 2x2) tiles and cross the 256-wide k panel.
const sizes: [number, number, number][] = [
  [1, 1, 1],
  [4, 4, 4],
  [5, 7, 3],
  [9, 13, 300],
  [16, 6, 513],
  [3, 1030, 27],
];

describe("gemm", () => {
  for (const [M, N, K] of sizes) {
    it(`C[${M}, ${N}] = A[${M}, ${K}] · B[${K}, ${N}], and accumulates into C`, () => {
      const A = randn([M, K], { seed: M, dtype: "float64" }).data as Float64Array;
      const B = randn([K, N], { seed: N, dtype: "float64" }).data as Float64Array;
      const want = naive(M, N, K, A, B);
      const C = new Float64Array(M * N).fill(7);
      gemm(M, N, K, A, 0, B, 0, C, 0, false);
      C.forEach((v, i) => expect(v).toBeCloseTo(want[i], 9));
      gemm(M, N, K, A, 0, B, 0, C, 0, true);
      C.forEach((v, i) => expect(v).toBeCloseTo(2 * want[i], 9));
    });
  }

  it("reads and writes at offsets", () => {
    const A = new Float64Array([9, 1, 2, 3, 4]),
      B = new Float64Array([9, 9, 1, 0, 0, 1]),
      C = new Float64Array(6);
    gemm(2, 2, 2, A, 1, B, 2, C, 2, false); // [[1,2],[3,4]] · I
    expect(Array.from(C)).toEqual([0, 0, 1, 2, 3, 4]);
  });
});

describe("gemmNT", () => {
  for (const [M, N, K] of sizes) {
    it(`C[${M}, ${N}] = A[${M}, ${K}] · B[${N}, ${K}]ᵀ`, () => {
      const A = randn([M, K], { seed: M + 1, dtype: "float64" }).data as Float64Array;
      const B = randn([K, N], { seed: N + 1, dtype: "float64" }).data as Float64Array;
      const BT = new Float64Array(N * K);
      transpose(K, N, B, 0, BT);
      const want = naive(M, N, K, A, B);
      const C = new Float64Array(M * N);
      gemmNT(M, N, K, A, 0, BT, 0, C, 0, false);
      C.forEach((v, i) => expect(v).toBeCloseTo(want[i], 9));
    });
  }
});
