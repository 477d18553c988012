import { gemm, gemmNT, transpose } from "./gemm.ts";

/**
 * The matrix products the linear layer runs, from a backend; gemm.ts's TypeScript ones are
 * the reference. C [M, N] (+)= A [M, K] · B [K, N] (gemm) or A · Bᵀ with B [N, K] (gemmNT);
 * offsets in elements.
 */
export interface MatrixProducts {
  gemm: typeof gemm;
  gemmNT: typeof gemmNT;
  transpose: typeof transpose;
}

export const referenceProducts: MatrixProducts = { gemm, gemmNT, transpose };
