// C [M, N] = (accumulate ? C : 0) + A [M, K] · B [K, N], all row-major float32: the product of
// the linear layer (its forward and both gradients, after a transpose where one is needed).
// Tiles of 4 rows × 8 columns in 8 vector registers, B streamed row by row.

import { madd } from "./simd";

function tile4x8(A: usize, B: usize, C: usize, N: i32, K: i32, i: i32, j: i32, accumulate: bool): void {
  const rowA = (<usize>K) << 2,
    rowC = (<usize>N) << 2;
  let a00 = f32x4.splat(0),
    a01 = f32x4.splat(0),
    a10 = f32x4.splat(0),
    a11 = f32x4.splat(0),
    a20 = f32x4.splat(0),
    a21 = f32x4.splat(0),
    a30 = f32x4.splat(0),
    a31 = f32x4.splat(0);
  let pa = A + <usize>i * rowA;
  let pb = B + ((<usize>j) << 2);
  for (let k = 0; k < K; k++, pa += 4, pb += rowC) {
    const b0 = v128.load(pb),
      b1 = v128.load(pb + 16);
    const x0 = v128.load32_splat(pa),
      x1 = v128.load32_splat(pa + rowA),
      x2 = v128.load32_splat(pa + 2 * rowA),
      x3 = v128.load32_splat(pa + 3 * rowA);
    a00 = madd(x0, b0, a00);
    a01 = madd(x0, b1, a01);
    a10 = madd(x1, b0, a10);
    a11 = madd(x1, b1, a11);
    a20 = madd(x2, b0, a20);
    a21 = madd(x2, b1, a21);
    a30 = madd(x3, b0, a30);
    a31 = madd(x3, b1, a31);
  }
  const c = C + <usize>i * rowC + ((<usize>j) << 2);
  if (accumulate) {
    a00 = f32x4.add(a00, v128.load(c));
    a01 = f32x4.add(a01, v128.load(c + 16));
    a10 = f32x4.add(a10, v128.load(c + rowC));
    a11 = f32x4.add(a11, v128.load(c + rowC + 16));
    a20 = f32x4.add(a20, v128.load(c + 2 * rowC));
    a21 = f32x4.add(a21, v128.load(c + 2 * rowC + 16));
    a30 = f32x4.add(a30, v128.load(c + 3 * rowC));
    a31 = f32x4.add(a31, v128.load(c + 3 * rowC + 16));
  }
  v128.store(c, a00);
  v128.store(c + 16, a01);
  v128.store(c + rowC, a10);
  v128.store(c + rowC + 16, a11);
  v128.store(c + 2 * rowC, a20);
  v128.store(c + 2 * rowC + 16, a21);
  v128.store(c + 3 * rowC, a30);
  v128.store(c + 3 * rowC + 16, a31);
}

/** One element of C, for the edges that do not fill a tile. */
function element(A: usize, B: usize, C: usize, N: i32, K: i32, i: i32, j: i32, accumulate: bool): void {
  let s: f32 = 0;
  let pa = A + ((<usize>(i * K)) << 2);
  let pb = B + ((<usize>j) << 2);
  const rowC = (<usize>N) << 2;
  for (let k = 0; k < K; k++, pa += 4, pb += rowC) s += load<f32>(pa) * load<f32>(pb);
  const c = C + ((<usize>(i * N + j)) << 2);
  store<f32>(c, accumulate ? load<f32>(c) + s : s);
}

export function gemm(A: usize, B: usize, C: usize, M: i32, N: i32, K: i32, accumulate: bool): void {
  const fullRows = M - (M % 4),
    fullCols = N - (N % 8);
  for (let i = 0; i < fullRows; i += 4) {
    for (let j = 0; j < fullCols; j += 8) tile4x8(A, B, C, N, K, i, j, accumulate);
    for (let r = i; r < i + 4; r++) for (let j = fullCols; j < N; j++) element(A, B, C, N, K, r, j, accumulate);
  }
  for (let i = fullRows; i < M; i++) for (let j = 0; j < N; j++) element(A, B, C, N, K, i, j, accumulate);
}
