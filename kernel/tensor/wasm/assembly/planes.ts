// Moving planes between a tensor's layout and the one the conv kernels read: zero-padded, and
// for a horizontal stride s > 1 each row split into s phases, so that the inputs of
// consecutive outputs (s columns apart) sit next to each other:
//   xq[c][i][r·Wq + j] = xp[c][i][j·s + r],  Wq = ceil(Wp / s),  a row holds s·Wq floats
// where xp is the plane padded to Hp × Wp (at least inH + pH by inW + pW: the far side may
// have more padding than the near one, as "same" does for an even kernel).

/** xq from x: C planes of inH × inW; everything outside the input is zero. */
export function phasePlanes(x: usize, C: i32, inH: i32, inW: i32, pH: i32, pW: i32, Hp: i32, Wp: i32, s: i32, xq: usize): void {
  const Wq = (Wp + s - 1) / s;
  const rowLen = s * Wq;
  if (s === 1 && Hp === inH && Wp === inW) {
    memory.copy(xq, x, (<usize>(C * inH * inW)) << 2);
    return;
  }
  memory.fill(xq, 0, (<usize>(C * Hp * rowLen)) << 2);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < inH; i++) {
      const src = x + ((<usize>((c * inH + i) * inW)) << 2);
      const row = xq + ((<usize>((c * Hp + pH + i) * rowLen)) << 2);
      if (s === 1) {
        memory.copy(row + ((<usize>pW) << 2), src, (<usize>inW) << 2);
        continue;
      }
      // Column pW + j is phase (pW + j) % s, place (pW + j) / s: both counted up, no division per element.
      let phase = pW % s,
        place = pW / s;
      for (let j = 0; j < inW; j++) {
        store<f32>(row + ((<usize>(phase * Wq + place)) << 2), load<f32>(src + ((<usize>j) << 2)));
        if (++phase === s) {
          phase = 0;
          place++;
        }
      }
    }
  }
}

/** x from xq: the inside of the planes, back in the tensor's layout (the input gradient). */
export function unphasePlanes(xq: usize, C: i32, inH: i32, inW: i32, pH: i32, pW: i32, Hp: i32, Wp: i32, s: i32, x: usize): void {
  const Wq = (Wp + s - 1) / s;
  const rowLen = s * Wq;
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < inH; i++) {
      const dst = x + ((<usize>((c * inH + i) * inW)) << 2);
      const row = xq + ((<usize>((c * Hp + pH + i) * rowLen)) << 2);
      if (s === 1) {
        memory.copy(dst, row + ((<usize>pW) << 2), (<usize>inW) << 2);
        continue;
      }
      let phase = pW % s,
        place = pW / s;
      for (let j = 0; j < inW; j++) {
        store<f32>(dst + ((<usize>j) << 2), load<f32>(row + ((<usize>(phase * Wq + place)) << 2)));
        if (++phase === s) {
          phase = 0;
          place++;
        }
      }
    }
  }
}

/** floats zeros from `at` (a scratch buffer, before the input gradient adds into it). */
export function zero(at: usize, floats: i32): void {
  memory.fill(at, 0, (<usize>floats) << 2);
}

/** floats values from `from` to `to` (a tile's first rows into the output). */
export function copy(to: usize, from: usize, floats: i32): void {
  memory.copy(to, from, (<usize>floats) << 2);
}
