// The sigmoid and tanh over n floats, 4 at a time, and their gradients from the output
// (sigmoid: g·y·(1 - y); tanh: g·(1 - y²)). e^x is Cephes' single-precision method: x = k·ln 2
// + r with |r| ≤ ln 2 / 2, a degree-6 polynomial for e^r, 2^k put into the exponent bits;
// within 2 ulp of e^x. NaN stays NaN (every step propagates it); ±Inf give the limits.

import { madd } from "./simd";

const LOG2E = <f32>Math.LOG2E;
// ln 2 in two parts, so that k·ln 2 is subtracted exactly.
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.1219444e-4;
// The polynomial's input is clamped here, so that k stays within -126..127.
const EXP_MIN: f32 = -87.3;
const EXP_MAX: f32 = 88.0;
// Past these e^x overflows float32, or is below its normal numbers (then 0: sigmoid and tanh
// only add it to 1).
const OVERFLOW: f32 = 88.72283;
const UNDERFLOW: f32 = -87.33654;

/** e^x on four lanes; past the range of float32 it is Infinity or 0, as Math.exp's float32 value. */
function exp4(input: v128): v128 {
  const x = f32x4.max(f32x4.min(input, f32x4.splat(EXP_MAX)), f32x4.splat(EXP_MIN));
  const k = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(k, f32x4.splat(LN2_HI))), f32x4.mul(k, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.98756915e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const er = f32x4.add(madd(p, f32x4.mul(r, r), r), f32x4.splat(1));
  // 2^k: k + 127 in the exponent bits (k is an integer in -126..127 after the clamp; NaN gives 0, and er is NaN anyway).
  const twoK = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(k), i32x4.splat(127)), 23);
  const y = f32x4.mul(er, twoK);
  // Comparisons with NaN are false: a NaN keeps the NaN computed.
  const over = f32x4.gt(input, f32x4.splat(OVERFLOW)),
    under = f32x4.lt(input, f32x4.splat(UNDERFLOW));
  return v128.andnot(v128.bitselect(f32x4.splat(Infinity), y, over), under);
}

/** 1 / (1 + e^-x) on four lanes. */
function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

/**
 * tanh on four lanes: 1 - 2 / (1 + e^(2|x|)) with x's sign, and for |x| < 0.625 (where that
 * would cancel) Cephes' odd polynomial x + x³·P(x²).
 */
function tanh4(x: v128): v128 {
  // Computed for |x|, then given x's sign (so tanh(-0) is -0, as the reference's).
  const a = f32x4.abs(x);
  const one = f32x4.splat(1);
  const far = f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(one, exp4(f32x4.add(a, a)))));
  const z = f32x4.mul(a, a);
  let p = f32x4.splat(-5.70498872745e-3);
  p = madd(p, z, f32x4.splat(2.06390887954e-2));
  p = madd(p, z, f32x4.splat(-5.37397155531e-2));
  p = madd(p, z, f32x4.splat(1.33314422036e-1));
  p = madd(p, z, f32x4.splat(-3.33332819422e-1));
  const near = madd(f32x4.mul(p, z), a, a);
  const magnitude = v128.bitselect(near, far, f32x4.lt(a, f32x4.splat(0.625)));
  return v128.or(magnitude, v128.and(x, i32x4.splat(0x80000000)));
}

const SIGMOID = 0;
const TANH = 1;

function apply(kind: i32, v: v128): v128 {
  return kind === SIGMOID ? sigmoid4(v) : tanh4(v);
}

/** The lanes past a multiple of 4 go through a vector too: loaded into lane 0, one at a time. */
function each(x: usize, y: usize, n: i32, kind: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = (<usize>i) << 2;
    v128.store(y + at, apply(kind, v128.load(x + at)));
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(y + at, f32x4.extract_lane(apply(kind, f32x4.splat(load<f32>(x + at))), 0));
  }
}

export function sigmoidForward(x: usize, y: usize, n: i32): void {
  each(x, y, n, SIGMOID);
}

export function tanhForward(x: usize, y: usize, n: i32): void {
  each(x, y, n, TANH);
}

/** dx = g · y · (1 - y), from the sigmoid's output y. */
export function sigmoidBackward(g: usize, y: usize, dx: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = (<usize>i) << 2;
    const yv = v128.load(y + at);
    v128.store(dx + at, f32x4.mul(f32x4.mul(v128.load(g + at), yv), f32x4.sub(one, yv)));
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    const yv = load<f32>(y + at);
    store<f32>(dx + at, load<f32>(g + at) * yv * (1 - yv));
  }
}

/** dx = g · (1 - y²), from tanh's output y. */
export function tanhBackward(g: usize, y: usize, dx: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = (<usize>i) << 2;
    const yv = v128.load(y + at);
    v128.store(dx + at, f32x4.mul(v128.load(g + at), f32x4.sub(one, f32x4.mul(yv, yv))));
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    const yv = load<f32>(y + at);
    store<f32>(dx + at, load<f32>(g + at) * (1 - yv * yv));
  }
}
