// The ReLU over n floats, 4 at a time: y = max(x, 0) (NaN stays NaN, -0 becomes 0, as the
// reference's x <= 0 ? 0 : x), and its gradient dx = g where x > 0, else 0.

export function reluForward(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = (<usize>i) << 2;
    const v = v128.load(x + at);
    // x <= 0 → 0, else x: a NaN compares false, so it is kept, as the reference keeps it.
    v128.store(y + at, v128.andnot(v, f32x4.le(v, zero)));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + ((<usize>i) << 2));
    store<f32>(y + ((<usize>i) << 2), v <= 0 ? 0 : v);
  }
}

export function reluBackward(g: usize, x: usize, dx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = (<usize>i) << 2;
    v128.store(dx + at, v128.and(v128.load(g + at), f32x4.gt(v128.load(x + at), zero)));
  }
  for (; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dx + at, load<f32>(x + at) > 0 ? load<f32>(g + at) : 0);
  }
}
