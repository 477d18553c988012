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
      splitRow(src, row, inW, pW, s, Wq);
    }
  }
}

/**
 * One input row into its s phases: column pW + j goes to phase (pW + j) % s, place (pW + j) / s.
 * Phase by phase, reading every s-th column (no branch per element); a stride of 2, the
 * common one, splits 8 columns at a time with two shuffles.
 */
function splitRow(src: usize, row: usize, inW: i32, pW: i32, s: i32, Wq: i32): void {
  let j0 = 0;
  if (s === 2) {
    // Even j go to phase pW % 2, odd j to the other; j and j + 1 share place (pW + j) / 2 when pW is even.
    const evenTo = row + ((<usize>((pW & 1) * Wq + (pW >> 1))) << 2);
    const oddTo = row + ((<usize>((1 - (pW & 1)) * Wq + ((pW + 1) >> 1))) << 2);
    for (; j0 + 8 <= inW; j0 += 8) {
      const a = v128.load(src + ((<usize>j0) << 2)),
        b = v128.load(src + ((<usize>j0) << 2) + 16);
      const half = (<usize>j0) << 1; // (j0 / 2) floats, in bytes
      v128.store(evenTo + half, v128.shuffle<f32>(a, b, 0, 2, 4, 6));
      v128.store(oddTo + half, v128.shuffle<f32>(a, b, 1, 3, 5, 7));
    }
  }
  if (j0 === inW) return;
  // Column pW + j0 is in phase p0; the first column at or after j0 in phase r is j0 + (r - p0) mod s.
  const p0 = (pW + j0) % s;
  for (let r = 0; r < s; r++) {
    let j = j0 + (r >= p0 ? r - p0 : r - p0 + s);
    let to = row + ((<usize>(r * Wq + (pW + j) / s)) << 2);
    for (; j < inW; j += s, to += 4) store<f32>(to, load<f32>(src + ((<usize>j) << 2)));
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
      joinRow(row, dst, inW, pW, s, Wq);
    }
  }
}

/** The inverse of splitRow: the row's inW columns back from their phases. */
function joinRow(row: usize, dst: usize, inW: i32, pW: i32, s: i32, Wq: i32): void {
  let j0 = 0;
  if (s === 2) {
    const evenFrom = row + ((<usize>((pW & 1) * Wq + (pW >> 1))) << 2);
    const oddFrom = row + ((<usize>((1 - (pW & 1)) * Wq + ((pW + 1) >> 1))) << 2);
    for (; j0 + 8 <= inW; j0 += 8) {
      const half = (<usize>j0) << 1;
      const even = v128.load(evenFrom + half),
        odd = v128.load(oddFrom + half);
      v128.store(dst + ((<usize>j0) << 2), v128.shuffle<f32>(even, odd, 0, 4, 1, 5));
      v128.store(dst + ((<usize>j0) << 2) + 16, v128.shuffle<f32>(even, odd, 2, 6, 3, 7));
    }
  }
  if (j0 === inW) return;
  const p0 = (pW + j0) % s;
  for (let r = 0; r < s; r++) {
    let j = j0 + (r >= p0 ? r - p0 : r - p0 + s);
    let from = row + ((<usize>(r * Wq + (pW + j) / s)) << 2);
    for (; j < inW; j += s, from += 4) store<f32>(dst + ((<usize>j) << 2), load<f32>(from));
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
