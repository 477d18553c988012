// Max pooling over planes of inH × inW: each window's maximum and where it was (its index
// within the plane), and the gradient sent back to those places. NaN wins, as in PyTorch, so
// it propagates; ties go to the first in row-major order; positions outside the input
// (padding) are skipped.

export function maxPoolForward(
  x: usize,
  planes: i32,
  inH: i32,
  inW: i32,
  kH: i32,
  kW: i32,
  sH: i32,
  sW: i32,
  pH: i32,
  pW: i32,
  dH: i32,
  dW: i32,
  out: usize,
  argmax: usize,
  outH: i32,
  outW: i32,
): void {
  const inPlane = inH * inW;
  // Output columns whose windows lie inside the input, 4 at a time (stride 1 or 2 along a row):
  // [owLo, owHi) with owHi - owLo a multiple of 4; the rest go one by one.
  let owLo = (pW + sW - 1) / sW;
  let owHi = (inW - 1 + pW - (kW - 1) * dW) / sW + 1;
  if (inW - 1 + pW - (kW - 1) * dW < 0) owHi = 0;
  if (owHi > outW) owHi = outW;
  if (sW > 2 || owHi <= owLo) owHi = owLo = 0;
  else owHi = owLo + ((owHi - owLo) & ~3);
  let o: usize = 0;
  for (let plane = 0; plane < planes; plane++) {
    const xp = x + ((<usize>(plane * inPlane)) << 2);
    for (let oh = 0; oh < outH; oh++, o += <usize>outW) {
      for (let ow = 0; ow < owLo; ow++) windowMax(xp, inH, inW, kH, kW, sH, sW, pH, pW, dH, dW, oh, ow, out + ((o + ow) << 2), argmax + ((o + ow) << 2));
      for (let ow = owLo; ow < owHi; ow += 4) windowMax4(xp, inH, inW, kH, kW, sH, sW, pH, pW, dH, dW, oh, ow, out + ((o + ow) << 2), argmax + ((o + ow) << 2));
      for (let ow = owHi; ow < outW; ow++) windowMax(xp, inH, inW, kH, kW, sH, sW, pH, pW, dH, dW, oh, ow, out + ((o + ow) << 2), argmax + ((o + ow) << 2));
    }
  }
}

/** One window's maximum and its place, any geometry. */
function windowMax(xp: usize, inH: i32, inW: i32, kH: i32, kW: i32, sH: i32, sW: i32, pH: i32, pW: i32, dH: i32, dW: i32, oh: i32, ow: i32, out: usize, argmax: usize): void {
  let best: f32 = -Infinity;
  let at = -1;
  for (let ki = 0; ki < kH; ki++) {
    const ih = oh * sH - pH + ki * dH;
    if (ih < 0 || ih >= inH) continue;
    for (let kj = 0; kj < kW; kj++) {
      const iw = ow * sW - pW + kj * dW;
      if (iw < 0 || iw >= inW) continue;
      const v = load<f32>(xp + ((<usize>(ih * inW + iw)) << 2));
      // Without branches (random data would mispredict half of them): take v when it is
      // larger, when it is the first, or when it is the first NaN (later ones do not move it).
      const take = <i32>(v > best) | <i32>(at < 0) | (<i32>(v !== v) & <i32>(best === best));
      best = select<f32>(v, best, take);
      at = select<i32>(ih * inW + iw, at, take);
    }
  }
  store<f32>(out, best);
  store<i32>(argmax, at);
}

/**
 * Four neighbouring windows of one output row at once, one per lane, their columns inside the
 * input (stride 1 or 2 along the row): the same rules lane by lane, so four independent
 * compare-and-select chains run where the scalar loop has one.
 */
function windowMax4(xp: usize, inH: i32, inW: i32, kH: i32, kW: i32, sH: i32, sW: i32, pH: i32, pW: i32, dH: i32, dW: i32, oh: i32, ow: i32, out: usize, argmax: usize): void {
  let best = f32x4.splat(-Infinity);
  let at = i32x4.splat(-1);
  let first = true;
  const laneStep = i32x4(0, sW, 2 * sW, 3 * sW);
  for (let ki = 0; ki < kH; ki++) {
    const ih = oh * sH - pH + ki * dH;
    if (ih < 0 || ih >= inH) continue;
    for (let kj = 0; kj < kW; kj++) {
      const iw = ow * sW - pW + kj * dW; // lane 0's column; lane l's is iw + l·sW
      const p = xp + ((<usize>(ih * inW + iw)) << 2);
      const v = sW === 1 ? v128.load(p) : v128.shuffle<f32>(v128.load(p), v128.load(p + 16), 0, 2, 4, 6);
      const place = i32x4.add(i32x4.splat(ih * inW + iw), laneStep);
      if (first) {
        best = v;
        at = place;
        first = false;
        continue;
      }
      const take = v128.or(f32x4.gt(v, best), v128.and(f32x4.ne(v, v), f32x4.eq(best, best)));
      best = v128.bitselect(v, best, take);
      at = v128.bitselect(place, at, take);
    }
  }
  v128.store(out, best);
  v128.store(argmax, at);
}

/**
 * The gradient of max pooling: each output's gradient added at the place its maximum came
 * from (argmax, an index within the plane; -1 for a window with no input). dx starts zeroed.
 */
export function maxPoolBackward(g: usize, argmax: usize, planes: i32, outPlane: i32, inPlane: i32, dx: usize): void {
  let o: usize = 0;
  for (let plane = 0; plane < planes; plane++) {
    const dxp = dx + ((<usize>(plane * inPlane)) << 2);
    for (let i = 0; i < outPlane; i++, o++) {
      const at = load<i32>(argmax + (o << 2));
      if (at < 0) continue;
      const to = dxp + ((<usize>at) << 2);
      store<f32>(to, load<f32>(to) + load<f32>(g + (o << 2)));
    }
  }
}
