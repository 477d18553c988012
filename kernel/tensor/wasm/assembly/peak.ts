// The machine's ceiling for these kernels, measured rather than quoted: multiply-adds on
// registers only (nothing loaded or stored), twelve independent chains so that every
// multiply-add unit stays busy whatever its latency. The bench divides by its time.

import { madd } from "./simd";

/** iterations × 12 × 4 multiply-adds; returns their sum so that nothing is optimised away. */
export function peakMultiplyAdds(iterations: i32): f32 {
  const m = f32x4.splat(0.9999999),
    c = f32x4.splat(1e-7);
  let a0 = f32x4.splat(1),
    a1 = f32x4.splat(1.01),
    a2 = f32x4.splat(1.02),
    a3 = f32x4.splat(1.03),
    a4 = f32x4.splat(1.04),
    a5 = f32x4.splat(1.05),
    a6 = f32x4.splat(1.06),
    a7 = f32x4.splat(1.07),
    a8 = f32x4.splat(1.08),
    a9 = f32x4.splat(1.09),
    a10 = f32x4.splat(1.1),
    a11 = f32x4.splat(1.11);
  for (let i = 0; i < iterations; i++) {
    a0 = madd(a0, m, c);
    a1 = madd(a1, m, c);
    a2 = madd(a2, m, c);
    a3 = madd(a3, m, c);
    a4 = madd(a4, m, c);
    a5 = madd(a5, m, c);
    a6 = madd(a6, m, c);
    a7 = madd(a7, m, c);
    a8 = madd(a8, m, c);
    a9 = madd(a9, m, c);
    a10 = madd(a10, m, c);
    a11 = madd(a11, m, c);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)), f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11))));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}
