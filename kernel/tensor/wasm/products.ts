import type { Data } from "../tensor.ts";
import { referenceProducts, type MatrixProducts } from "../products.ts";
import { arenaFor } from "./arena.ts";
import { wasmKernels } from "./module.ts";

const { transpose } = referenceProducts;

/** C [M, N] (+)= A [M, K] · B [K, N] on the kernels (float32), else the reference. */
function gemm(M: number, N: number, K: number, A: Data, aOff: number, B: Data, bOff: number, C: Data, cOff: number, accumulate: boolean): void {
  const k = wasmKernels();
  if (!k || !(A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array) || M * N * K === 0) {
    referenceProducts.gemm(M, N, K, A, aOff, B, bOff, C, cOff, accumulate);
    return;
  }
  const a = arenaFor(k);
  const aAt = a.put(A.subarray(aOff, aOff + M * K), "linear"),
    bAt = a.put(B.subarray(bOff, bOff + K * N), "linear");
  const cAt = accumulate ? a.put(C.subarray(cOff, cOff + M * N), "linear") : a.alloc(M * N, "linear");
  k.gemm(aAt, bAt, cAt, M, N, K, accumulate ? 1 : 0);
  C.set(a.view(cAt, M * N), cOff);
}

/** C [M, N] (+)= A [M, K] · Bᵀ, B [N, K]: B transposed once, then gemm. */
function gemmNT(M: number, N: number, K: number, A: Data, aOff: number, B: Data, bOff: number, C: Data, cOff: number, accumulate: boolean): void {
  if (!(B instanceof Float32Array) || !wasmKernels()) {
    referenceProducts.gemmNT(M, N, K, A, aOff, B, bOff, C, cOff, accumulate);
    return;
  }
  const bT = new Float32Array(K * N);
  transpose(N, K, B, bOff, bT);
  gemm(M, N, K, A, aOff, bT, 0, C, cOff, accumulate);
}

/** The linear layer's products on the WebAssembly kernels. */
export const wasmProducts: MatrixProducts = { gemm, gemmNT, transpose };
