import type { Data } from "./tensor.ts";

/**
 * Cache-blocked matrix products on row-major buffers with offsets, the inner loop of every
 * convolution (im2col), linear layer and their gradients.
 *
 * The core is a 4x4 register tile: each step of k loads four values of A and four of B and
 * does sixteen multiply-adds, so the accumulators stay in registers. Panels of k are bounded
 * so that the slices of A and B in use stay in cache.
 */
const K_BLOCK = 256;

/** C[M, N] (+)= A[M, K] · B[K, N]. */
export function gemm(M: number, N: number, K: number, A: Data, aOff: number, B: Data, bOff: number, C: Data, cOff: number, accumulate: boolean): void {
  if (!accumulate) C.fill(0, cOff, cOff + M * N);
  for (let k0 = 0; k0 < K; k0 += K_BLOCK) {
    const k1 = Math.min(K, k0 + K_BLOCK);
    let i = 0;
    for (; i + 4 <= M; i += 4) {
      const a0 = aOff + i * K,
        a1 = a0 + K,
        a2 = a1 + K,
        a3 = a2 + K;
      const c0 = cOff + i * N,
        c1 = c0 + N,
        c2 = c1 + N,
        c3 = c2 + N;
      let j = 0;
      for (; j + 4 <= N; j += 4) {
        let s00 = 0,
          s01 = 0,
          s02 = 0,
          s03 = 0;
        let s10 = 0,
          s11 = 0,
          s12 = 0,
          s13 = 0;
        let s20 = 0,
          s21 = 0,
          s22 = 0,
          s23 = 0;
        let s30 = 0,
          s31 = 0,
          s32 = 0,
          s33 = 0;
        let b = bOff + k0 * N + j;
        for (let k = k0; k < k1; k++, b += N) {
          const b0 = B[b],
            b1 = B[b + 1],
            b2 = B[b + 2],
            b3 = B[b + 3];
          const x0 = A[a0 + k],
            x1 = A[a1 + k],
            x2 = A[a2 + k],
            x3 = A[a3 + k];
          s00 += x0 * b0;
          s01 += x0 * b1;
          s02 += x0 * b2;
          s03 += x0 * b3;
          s10 += x1 * b0;
          s11 += x1 * b1;
          s12 += x1 * b2;
          s13 += x1 * b3;
          s20 += x2 * b0;
          s21 += x2 * b1;
          s22 += x2 * b2;
          s23 += x2 * b3;
          s30 += x3 * b0;
          s31 += x3 * b1;
          s32 += x3 * b2;
          s33 += x3 * b3;
        }
        C[c0 + j] += s00;
        C[c0 + j + 1] += s01;
        C[c0 + j + 2] += s02;
        C[c0 + j + 3] += s03;
        C[c1 + j] += s10;
        C[c1 + j + 1] += s11;
        C[c1 + j + 2] += s12;
        C[c1 + j + 3] += s13;
        C[c2 + j] += s20;
        C[c2 + j + 1] += s21;
        C[c2 + j + 2] += s22;
        C[c2 + j + 3] += s23;
        C[c3 + j] += s30;
        C[c3 + j + 1] += s31;
        C[c3 + j + 2] += s32;
        C[c3 + j + 3] += s33;
      }
      for (; j < N; j++) {
        let s0 = 0,
          s1 = 0,
          s2 = 0,
          s3 = 0;
        for (let k = k0, b = bOff + k0 * N + j; k < k1; k++, b += N) {
          const bv = B[b];
          s0 += A[a0 + k] * bv;
          s1 += A[a1 + k] * bv;
          s2 += A[a2 + k] * bv;
          s3 += A[a3 + k] * bv;
        }
        C[c0 + j] += s0;
        C[c1 + j] += s1;
        C[c2 + j] += s2;
        C[c3 + j] += s3;
      }
    }
    for (; i < M; i++) {
      const a = aOff + i * K,
        c = cOff + i * N;
      for (let k = k0; k < k1; k++) {
        // No skipping of zero weights: 0 · NaN must stay NaN, as in PyTorch.
        const av = A[a + k];
        const b = bOff + k * N;
        for (let j = 0; j < N; j++) C[c + j] += av * B[b + j];
      }
    }
  }
}

/** C[M, N] (+)= A[M, K] · B[N, K]ᵀ: rows of A against rows of B, both read contiguously. */
export function gemmNT(M: number, N: number, K: number, A: Data, aOff: number, B: Data, bOff: number, C: Data, cOff: number, accumulate: boolean): void {
  if (!accumulate) C.fill(0, cOff, cOff + M * N);
  let i = 0;
  for (; i + 2 <= M; i += 2) {
    const a0 = aOff + i * K,
      a1 = a0 + K;
    const c0 = cOff + i * N,
      c1 = c0 + N;
    let j = 0;
    for (; j + 2 <= N; j += 2) {
      const b0 = bOff + j * K,
        b1 = b0 + K;
      let s00 = 0,
        s01 = 0,
        s10 = 0,
        s11 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = A[a0 + k],
          x1 = A[a1 + k],
          y0 = B[b0 + k],
          y1 = B[b1 + k];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      C[c0 + j] += s00;
      C[c0 + j + 1] += s01;
      C[c1 + j] += s10;
      C[c1 + j + 1] += s11;
    }
    for (; j < N; j++) {
      const b0 = bOff + j * K;
      let s0 = 0,
        s1 = 0;
      for (let k = 0; k < K; k++) {
        s0 += A[a0 + k] * B[b0 + k];
        s1 += A[a1 + k] * B[b0 + k];
      }
      C[c0 + j] += s0;
      C[c1 + j] += s1;
    }
  }
  for (; i < M; i++) {
    const a0 = aOff + i * K,
      c0 = cOff + i * N;
    for (let j = 0; j < N; j++) {
      const b0 = bOff + j * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += A[a0 + k] * B[b0 + k];
      C[c0 + j] += s;
    }
  }
}

/** out[cols, rows] = in[rows, cols]ᵀ, for the small matrices (weights) that a product needs transposed. */
export function transpose(rows: number, cols: number, src: Data, srcOff: number, dst: Data): void {
  for (let r = 0; r < rows; r++) {
    const s = srcOff + r * cols;
    for (let c = 0; c < cols; c++) dst[c * rows + r] = src[s + c];
  }
}
