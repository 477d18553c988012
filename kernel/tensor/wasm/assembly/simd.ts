// a · b + c on four float32 lanes. Built with relaxed SIMD (scripts/build_wasm.ts makes both
// modules; the engine loads this one where the runtime validates it) it is one fused
// multiply-add: half the instructions of the loops' inner steps, and one rounding instead of
// two, which the reference comparison's tolerance allows. Otherwise a multiply then an add.
// Small enough that the optimizer inlines it into every loop (checked in the built module).
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
