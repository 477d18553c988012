// Convolution kernels in AssemblyScript with 128-bit SIMD: forward, input gradient, weight
// gradient, on one sample of one group at a time (the caller loops over them, so a job can be
// cancelled between calls). Pointers are byte offsets into this module's memory; every tensor
// is float32, row-major, PyTorch's layouts. The caller lays the input out zero-padded and, for
// a horizontal stride s > 1, split into s phases (planes.ts), as xp: [Cg, Hp, rowLen], so that
// the inputs of consecutive outputs are consecutive floats and no kernel tests bounds:
//   out[co][oh][ow] = Σ_c Σ_ki Σ_kj w[co][c][ki][kj] · xp[c][oh·sH + ki·dH][ow + koff[kj]]
// with koff (i32 per kernel column) where column kj of each window starts in a row.
// Output tiles: 4 output channels × 8 positions in 8 vector registers, the input streamed
// (a direct convolution; in WebAssembly it beats im2col + GEMM on these small layers).
// Nothing skips a zero weight, so NaN and Inf propagate as in the reference.

import { madd } from "./simd";

/**
 * out: [Og, outH, outW] for one sample and group; w: [Og, Cg, kH, kW] of the group; bias: [Og]
 * or 0 for none.
 */
export function convForward(xp: usize, Cg: i32, Hp: i32, rowLen: i32, koff: usize, w: usize, Og: i32, kH: i32, kW: i32, sH: i32, dH: i32, out: usize, outH: i32, outW: i32, bias: usize): void {
  const KK = kH * kW;
  const coStride = (<usize>(Cg * KK)) << 2; // bytes from one output channel's weights to the next
  let co = 0;
  for (; co + 4 <= Og; co += 4) forwardRows4(xp, Cg, Hp, rowLen, koff, w + <usize>co * coStride, coStride, kH, kW, sH, dH, out + ((<usize>(co * outH * outW)) << 2), outH, outW, bias, co);
  for (; co < Og; co++) forwardRows1(xp, Cg, Hp, rowLen, koff, w + <usize>co * coStride, kH, kW, sH, dH, out + ((<usize>(co * outH * outW)) << 2), outH, outW, bias, co);
}

function forwardRows4(
  xp: usize,
  Cg: i32,
  Hp: i32,
  rowLen: i32,
  koff: usize,
  w: usize,
  coStride: usize,
  kH: i32,
  kW: i32,
  sH: i32,
  dH: i32,
  out: usize,
  outH: i32,
  outW: i32,
  bias: usize,
  co: i32,
): void {
  const plane = (<usize>(Hp * rowLen)) << 2;
  const outPlane = (<usize>(outH * outW)) << 2;
  const b0 = bias ? load<f32>(bias + ((<usize>co) << 2)) : f32(0);
  const b1 = bias ? load<f32>(bias + ((<usize>(co + 1)) << 2)) : f32(0);
  const b2 = bias ? load<f32>(bias + ((<usize>(co + 2)) << 2)) : f32(0);
  const b3 = bias ? load<f32>(bias + ((<usize>(co + 3)) << 2)) : f32(0);
  for (let oh = 0; oh < outH; oh++) {
    // Whole tiles of 8 positions, the last one too: its extra lanes read past the row (the
    // caller leaves 8 floats of room after the planes) and are not stored.
    for (let ow = 0; ow < outW; ow += 8) {
      let a00 = f32x4.splat(b0),
        a01 = f32x4.splat(b0),
        a10 = f32x4.splat(b1),
        a11 = f32x4.splat(b1);
      let a20 = f32x4.splat(b2),
        a21 = f32x4.splat(b2),
        a30 = f32x4.splat(b3),
        a31 = f32x4.splat(b3);
      for (let c = 0; c < Cg; c++) {
        const xc = xp + <usize>c * plane;
        const wc = w + ((<usize>(c * kH * kW)) << 2);
        for (let ki = 0; ki < kH; ki++) {
          const xrow = xc + ((<usize>((oh * sH + ki * dH) * rowLen + ow)) << 2);
          const wrow = wc + ((<usize>(ki * kW)) << 2);
          for (let kj = 0; kj < kW; kj++) {
            const at = xrow + ((<usize>load<i32>(koff + ((<usize>kj) << 2))) << 2);
            const x0 = v128.load(at);
            const x1 = v128.load(at + 16);
            const wk = wrow + ((<usize>kj) << 2);
            const w0 = v128.load32_splat(wk);
            const w1 = v128.load32_splat(wk + coStride);
            const w2 = v128.load32_splat(wk + 2 * coStride);
            const w3 = v128.load32_splat(wk + 3 * coStride);
            a00 = madd(w0, x0, a00);
            a01 = madd(w0, x1, a01);
            a10 = madd(w1, x0, a10);
            a11 = madd(w1, x1, a11);
            a20 = madd(w2, x0, a20);
            a21 = madd(w2, x1, a21);
            a30 = madd(w3, x0, a30);
            a31 = madd(w3, x1, a31);
          }
        }
      }
      const o = out + ((<usize>(oh * outW + ow)) << 2);
      const left = outW - ow;
      if (left >= 8) {
        v128.store(o, a00);
        v128.store(o + 16, a01);
        v128.store(o + outPlane, a10);
        v128.store(o + outPlane + 16, a11);
        v128.store(o + 2 * outPlane, a20);
        v128.store(o + 2 * outPlane + 16, a21);
        v128.store(o + 3 * outPlane, a30);
        v128.store(o + 3 * outPlane + 16, a31);
      } else {
        storePart(o, a00, a01, left);
        storePart(o + outPlane, a10, a11, left);
        storePart(o + 2 * outPlane, a20, a21, left);
        storePart(o + 3 * outPlane, a30, a31, left);
      }
    }
  }
}

/**
 * The first n (< 8) lanes of two vectors, to out: a row's last, partial tile. (Lanes are
 * taken out one by one, not through a scratch buffer: kernel threads share this memory.)
 */
function storePart(out: usize, lo: v128, hi: v128, n: i32): void {
  if (n >= 4) {
    v128.store(out, lo);
    storeLanes(out + 16, hi, n - 4);
  } else storeLanes(out, lo, n);
}

/** The first n (< 4) lanes of v, to out. */
function storeLanes(out: usize, v: v128, n: i32): void {
  if (n > 0) store<f32>(out, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(out + 4, f32x4.extract_lane(v, 1));
  if (n > 2) store<f32>(out + 8, f32x4.extract_lane(v, 2));
}

function forwardRows1(xp: usize, Cg: i32, Hp: i32, rowLen: i32, koff: usize, w: usize, kH: i32, kW: i32, sH: i32, dH: i32, out: usize, outH: i32, outW: i32, bias: usize, co: i32): void {
  const plane = (<usize>(Hp * rowLen)) << 2;
  const b = bias ? load<f32>(bias + ((<usize>co) << 2)) : f32(0);
  for (let oh = 0; oh < outH; oh++) {
    for (let ow = 0; ow < outW; ow += 8) {
      let a0 = f32x4.splat(b),
        a1 = f32x4.splat(b);
      for (let c = 0; c < Cg; c++) {
        const xc = xp + <usize>c * plane;
        const wc = w + ((<usize>(c * kH * kW)) << 2);
        for (let ki = 0; ki < kH; ki++) {
          const xrow = xc + ((<usize>((oh * sH + ki * dH) * rowLen + ow)) << 2);
          for (let kj = 0; kj < kW; kj++) {
            const at = xrow + ((<usize>load<i32>(koff + ((<usize>kj) << 2))) << 2);
            const wv = v128.load32_splat(wc + ((<usize>(ki * kW + kj)) << 2));
            a0 = madd(wv, v128.load(at), a0);
            a1 = madd(wv, v128.load(at + 16), a1);
          }
        }
      }
      const o = out + ((<usize>(oh * outW + ow)) << 2);
      if (outW - ow >= 8) {
        v128.store(o, a0);
        v128.store(o + 16, a1);
      } else storePart(o, a0, a1, outW - ow);
    }
  }
}
