// Max pooling's forward pass over planes of inH × inW: each window's maximum and where it was
// (its index within the plane). NaN wins, as in PyTorch, so it propagates; ties go to the first
// in row-major order; positions outside the input (padding) are skipped.
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
  let o: usize = 0;
  for (let plane = 0; plane < planes; plane++) {
    const xp = x + ((<usize>(plane * inPlane)) << 2);
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++, o++) {
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
        store<f32>(out + (o << 2), best);
        store<i32>(argmax + (o << 2), at);
      }
    }
  }
}
