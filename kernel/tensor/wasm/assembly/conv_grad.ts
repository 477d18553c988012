// The two gradients of the convolution in conv.ts, for one sample of one group, with the same
// padded (and phased) layout: dxp and xp are [Cg, Hp, rowLen], dOut is [Og, outH, outW], w is
// [Og, Cg, kH, kW]; column kj of a window starts at koff[kj] in its row.

import { madd } from "./simd";

/** Adds 4 lanes into the 4 consecutive floats at `at`. */
function addLanes(at: usize, v: v128): void {
  v128.store(at, f32x4.add(v128.load(at), v));
}

/**
 * dxp[c][oh·sH + ki·dH][ow + koff[kj]] += Σ_co w[co][c][ki][kj] · dOut[co][oh][ow]: the input
 * gradient (dxp zeroed by the caller), 4 input channels × 8 positions per tile.
 */
export function convGradInput(dxp: usize, Cg: i32, Hp: i32, rowLen: i32, koff: usize, w: usize, Og: i32, kH: i32, kW: i32, sH: i32, dH: i32, dOut: usize, outH: i32, outW: i32): void {
  const KK = kH * kW;
  const plane = (<usize>(Hp * rowLen)) << 2;
  const outPlane = (<usize>(outH * outW)) << 2;
  const coStride = (<usize>(Cg * KK)) << 2;
  const cStride = (<usize>KK) << 2;
  for (let c = 0; c < Cg; c += 4) {
    const rows = min(4, Cg - c);
    for (let oh = 0; oh < outH; oh++) {
      for (let ki = 0; ki < kH; ki++) {
        for (let kj = 0; kj < kW; kj++) {
          const wk = w + ((<usize>(c * KK + ki * kW + kj)) << 2);
          const dxRow = dxp + <usize>c * plane + ((<usize>((oh * sH + ki * dH) * rowLen + load<i32>(koff + ((<usize>kj) << 2)))) << 2);
          // Whole tiles of 8 positions, the last one too: its extra lanes read past the row
          // (the caller leaves 8 floats of room after dOut) and are not added.
          if (rows === 4) {
            for (let ow = 0; ow < outW; ow += 8) {
              let a00 = f32x4.splat(0),
                a01 = f32x4.splat(0),
                a10 = f32x4.splat(0),
                a11 = f32x4.splat(0);
              let a20 = f32x4.splat(0),
                a21 = f32x4.splat(0),
                a30 = f32x4.splat(0),
                a31 = f32x4.splat(0);
              let g = dOut + ((<usize>(oh * outW + ow)) << 2);
              let wc = wk;
              for (let co = 0; co < Og; co++, g += outPlane, wc += coStride) {
                const g0 = v128.load(g),
                  g1 = v128.load(g + 16);
                const w0 = v128.load32_splat(wc),
                  w1 = v128.load32_splat(wc + cStride);
                const w2 = v128.load32_splat(wc + 2 * cStride),
                  w3 = v128.load32_splat(wc + 3 * cStride);
                a00 = madd(w0, g0, a00);
                a01 = madd(w0, g1, a01);
                a10 = madd(w1, g0, a10);
                a11 = madd(w1, g1, a11);
                a20 = madd(w2, g0, a20);
                a21 = madd(w2, g1, a21);
                a30 = madd(w3, g0, a30);
                a31 = madd(w3, g1, a31);
              }
              const at = dxRow + ((<usize>ow) << 2);
              const left = outW - ow;
              addTile(at, a00, a01, left);
              addTile(at + plane, a10, a11, left);
              addTile(at + 2 * plane, a20, a21, left);
              addTile(at + 3 * plane, a30, a31, left);
            }
          } else {
            for (let ow = 0; ow < outW; ow += 8) {
              for (let r = 0; r < rows; r++) {
                let a0 = f32x4.splat(0),
                  a1 = f32x4.splat(0);
                let g = dOut + ((<usize>(oh * outW + ow)) << 2);
                let wc = wk + <usize>r * cStride;
                for (let co = 0; co < Og; co++, g += outPlane, wc += coStride) {
                  const wv = v128.load32_splat(wc);
                  a0 = madd(wv, v128.load(g), a0);
                  a1 = madd(wv, v128.load(g + 16), a1);
                }
                addTile(dxRow + <usize>r * plane + ((<usize>ow) << 2), a0, a1, outW - ow);
              }
            }
          }
        }
      }
    }
  }
}

/**
 * Adds 8 lanes (two vectors) at `at`, or only the first n of them for a row's last, partial
 * tile (lanes taken out one by one: kernel threads share this memory, so no scratch buffer).
 */
function addTile(at: usize, lo: v128, hi: v128, n: i32): void {
  if (n >= 8) {
    addLanes(at, lo);
    addLanes(at + 16, hi);
  } else if (n >= 4) {
    addLanes(at, lo);
    addFirstLanes(at + 16, hi, n - 4);
  } else addFirstLanes(at, lo, n);
}

/** Adds the first n (< 4) lanes of v at `at`. */
function addFirstLanes(at: usize, v: v128, n: i32): void {
  if (n > 0) store<f32>(at, load<f32>(at) + f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(at + 4, load<f32>(at + 4) + f32x4.extract_lane(v, 1));
  if (n > 2) store<f32>(at + 8, load<f32>(at + 8) + f32x4.extract_lane(v, 2));
}

/**
 * dw[co][c][ki][kj] += Σ_oh Σ_ow dOut[co][oh][ow] · xp[c][oh·sH + ki·dH][ow + koff[kj]]: the
 * weight gradient of one sample, added into dw (the caller sums the batch), 4 output channels
 * per pass over the input.
 */
export function convGradWeight(xp: usize, Cg: i32, Hp: i32, rowLen: i32, koff: usize, dw: usize, Og: i32, kH: i32, kW: i32, sH: i32, dH: i32, dOut: usize, outH: i32, outW: i32): void {
  const KK = kH * kW;
  const plane = (<usize>(Hp * rowLen)) << 2;
  const outPlane = (<usize>(outH * outW)) << 2;
  const coStride = (<usize>(Cg * KK)) << 2;
  for (let co = 0; co < Og; co += 4) {
    const rows = min(4, Og - co);
    for (let c = 0; c < Cg; c++) {
      for (let ki = 0; ki < kH; ki++) {
        let kj = 0;
        // Two kernel columns at once for a full tile: each output-gradient load serves both.
        if (rows === 4) {
          for (; kj + 2 <= kW; kj += 2) {
            gradWeightPair(
              xp + <usize>c * plane,
              rowLen,
              load<i32>(koff + ((<usize>kj) << 2)),
              load<i32>(koff + ((<usize>(kj + 1)) << 2)),
              dw + ((<usize>((co * Cg + c) * KK + ki * kW + kj)) << 2),
              coStride,
              sH,
              ki * dH,
              dOut + <usize>co * outPlane,
              outPlane,
              outH,
              outW,
            );
          }
        }
        for (; kj < kW; kj++) {
          let a0 = f32x4.splat(0),
            a1 = f32x4.splat(0),
            a2 = f32x4.splat(0),
            a3 = f32x4.splat(0);
          let s0: f32 = 0,
            s1: f32 = 0,
            s2: f32 = 0,
            s3: f32 = 0;
          for (let oh = 0; oh < outH; oh++) {
            const xrow = xp + <usize>c * plane + ((<usize>((oh * sH + ki * dH) * rowLen + load<i32>(koff + ((<usize>kj) << 2)))) << 2);
            const g = dOut + <usize>co * outPlane + ((<usize>(oh * outW)) << 2);
            let ow = 0;
            if (rows === 4) {
              for (; ow + 4 <= outW; ow += 4) {
                const xv = v128.load(xrow + ((<usize>ow) << 2));
                const go = g + ((<usize>ow) << 2);
                a0 = madd(v128.load(go), xv, a0);
                a1 = madd(v128.load(go + outPlane), xv, a1);
                a2 = madd(v128.load(go + 2 * outPlane), xv, a2);
                a3 = madd(v128.load(go + 3 * outPlane), xv, a3);
              }
            }
            for (; ow < outW; ow++) {
              const xv = load<f32>(xrow + ((<usize>ow) << 2));
              const go = g + ((<usize>ow) << 2);
              s0 += load<f32>(go) * xv;
              if (rows > 1) s1 += load<f32>(go + outPlane) * xv;
              if (rows > 2) s2 += load<f32>(go + 2 * outPlane) * xv;
              if (rows > 3) s3 += load<f32>(go + 3 * outPlane) * xv;
            }
          }
          const at = dw + ((<usize>((co * Cg + c) * KK + ki * kW + kj)) << 2);
          store<f32>(at, load<f32>(at) + s0 + hsum(a0));
          if (rows > 1) store<f32>(at + coStride, load<f32>(at + coStride) + s1 + hsum(a1));
          if (rows > 2) store<f32>(at + 2 * coStride, load<f32>(at + 2 * coStride) + s2 + hsum(a2));
          if (rows > 3) store<f32>(at + 3 * coStride, load<f32>(at + 3 * coStride) + s3 + hsum(a3));
        }
      }
    }
  }
}

/**
 * dw for 4 output channels and kernel columns kj, kj + 1 (their windows start at off0, off1 in
 * a row): 8 sums kept in vector registers over every output position.
 */
function gradWeightPair(xc: usize, rowLen: i32, off0: i32, off1: i32, at: usize, coStride: usize, sH: i32, rowOffset: i32, g: usize, outPlane: usize, outH: i32, outW: i32): void {
  let a00 = f32x4.splat(0),
    a01 = f32x4.splat(0),
    a10 = f32x4.splat(0),
    a11 = f32x4.splat(0),
    a20 = f32x4.splat(0),
    a21 = f32x4.splat(0),
    a30 = f32x4.splat(0),
    a31 = f32x4.splat(0);
  let t00: f32 = 0,
    t01: f32 = 0,
    t10: f32 = 0,
    t11: f32 = 0,
    t20: f32 = 0,
    t21: f32 = 0,
    t30: f32 = 0,
    t31: f32 = 0;
  for (let oh = 0; oh < outH; oh++) {
    const row = xc + ((<usize>((oh * sH + rowOffset) * rowLen)) << 2);
    const x0row = row + ((<usize>off0) << 2),
      x1row = row + ((<usize>off1) << 2);
    const grow = g + ((<usize>(oh * outW)) << 2);
    let ow = 0;
    for (; ow + 4 <= outW; ow += 4) {
      const o = (<usize>ow) << 2;
      const x0 = v128.load(x0row + o),
        x1 = v128.load(x1row + o);
      const g0 = v128.load(grow + o),
        g1 = v128.load(grow + o + outPlane),
        g2 = v128.load(grow + o + 2 * outPlane),
        g3 = v128.load(grow + o + 3 * outPlane);
      a00 = madd(g0, x0, a00);
      a01 = madd(g0, x1, a01);
      a10 = madd(g1, x0, a10);
      a11 = madd(g1, x1, a11);
      a20 = madd(g2, x0, a20);
      a21 = madd(g2, x1, a21);
      a30 = madd(g3, x0, a30);
      a31 = madd(g3, x1, a31);
    }
    for (; ow < outW; ow++) {
      const o = (<usize>ow) << 2;
      const x0 = load<f32>(x0row + o),
        x1 = load<f32>(x1row + o);
      const g0 = load<f32>(grow + o),
        g1 = load<f32>(grow + o + outPlane),
        g2 = load<f32>(grow + o + 2 * outPlane),
        g3 = load<f32>(grow + o + 3 * outPlane);
      t00 += g0 * x0;
      t01 += g0 * x1;
      t10 += g1 * x0;
      t11 += g1 * x1;
      t20 += g2 * x0;
      t21 += g2 * x1;
      t30 += g3 * x0;
      t31 += g3 * x1;
    }
  }
  store<f32>(at, load<f32>(at) + t00 + hsum(a00));
  store<f32>(at + 4, load<f32>(at + 4) + t01 + hsum(a01));
  store<f32>(at + coStride, load<f32>(at + coStride) + t10 + hsum(a10));
  store<f32>(at + coStride + 4, load<f32>(at + coStride + 4) + t11 + hsum(a11));
  store<f32>(at + 2 * coStride, load<f32>(at + 2 * coStride) + t20 + hsum(a20));
  store<f32>(at + 2 * coStride + 4, load<f32>(at + 2 * coStride + 4) + t21 + hsum(a21));
  store<f32>(at + 3 * coStride, load<f32>(at + 3 * coStride) + t30 + hsum(a30));
  store<f32>(at + 3 * coStride + 4, load<f32>(at + 3 * coStride + 4) + t31 + hsum(a31));
}

function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}
