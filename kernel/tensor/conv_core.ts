import type { ConvGeometry } from "./conv_geometry.ts";
import { gemm, gemmNT, transpose } from "./gemm.ts";
import type { Checkpoint } from "./op.ts";
import type { Data } from "./tensor.ts";

/**
 * Convolution by im2col + GEMM. For one sample and one group, the patches of the input are
 * laid out as columns, cols: [Cin/g * kH * kW, outH * outW], so that
 *   forward:      out_g  [Cout/g, P]  = W_g [Cout/g, Kc] · cols [Kc, P]
 *   grad input:   dcols  [Kc, P]      = W_gᵀ [Kc, Cout/g] · dOut_g [Cout/g, P], then col2im
 *   grad weight:  dW_g   [Cout/g, Kc] += dOut_g [Cout/g, P] · colsᵀ [P, Kc]
 * with Kc = Cin/g · kH · kW and P = outH · outW.
 */

function patchRows(g: ConvGeometry): number {
  return (g.Cin / g.groups) * g.kH * g.kW;
}

/** A 1x1 kernel with stride 1 and no padding needs no im2col: the input already is cols. */
function isPointwise(g: ConvGeometry): boolean {
  return g.kH === 1 && g.kW === 1 && g.sH === 1 && g.sW === 1 && g.pH === 0 && g.pW === 0;
}

/** First and one-past-last output index whose input index o*s - p + offset lies in [0, size). */
function validRange(outSize: number, s: number, p: number, offset: number, size: number): [number, number] {
  const lo = Math.max(0, Math.ceil((p - offset) / s));
  const hi = Math.min(outSize, Math.floor((size - 1 + p - offset) / s) + 1);
  return [lo, Math.max(lo, hi)];
}

/** cols [Kc, P] from the channels [c0, c0 + Cin/g) of sample x at xOff. */
export function im2col(g: ConvGeometry, x: Data, xOff: number, cols: Data): void {
  const { inH, inW, kH, kW, sH, sW, pH, pW, dH, dW, outH, outW } = g;
  const Cg = g.Cin / g.groups;
  const P = outH * outW;
  let row = 0;
  for (let c = 0; c < Cg; c++) {
    const plane = xOff + c * inH * inW;
    for (let ki = 0; ki < kH; ki++) {
      const [ohLo, ohHi] = validRange(outH, sH, pH, ki * dH, inH);
      for (let kj = 0; kj < kW; kj++, row++) {
        const base = row * P;
        const [owLo, owHi] = validRange(outW, sW, pW, kj * dW, inW);
        cols.fill(0, base, base + P);
        for (let oh = ohLo; oh < ohHi; oh++) {
          const src = plane + (oh * sH - pH + ki * dH) * inW - pW + kj * dW;
          const dst = base + oh * outW;
          for (let ow = owLo; ow < owHi; ow++) cols[dst + ow] = x[src + ow * sW];
        }
      }
    }
  }
}

/** Adds cols [Kc, P] back into the input positions they were read from (the adjoint of im2col). */
export function col2im(g: ConvGeometry, cols: Data, dx: Data, dxOff: number): void {
  const { inH, inW, kH, kW, sH, sW, pH, pW, dH, dW, outH, outW } = g;
  const Cg = g.Cin / g.groups;
  const P = outH * outW;
  let row = 0;
  for (let c = 0; c < Cg; c++) {
    const plane = dxOff + c * inH * inW;
    for (let ki = 0; ki < kH; ki++) {
      const [ohLo, ohHi] = validRange(outH, sH, pH, ki * dH, inH);
      for (let kj = 0; kj < kW; kj++, row++) {
        const base = row * P;
        const [owLo, owHi] = validRange(outW, sW, pW, kj * dW, inW);
        for (let oh = ohLo; oh < ohHi; oh++) {
          const dst = plane + (oh * sH - pH + ki * dH) * inW - pW + kj * dW;
          const src = base + oh * outW;
          for (let ow = owLo; ow < owHi; ow++) dx[dst + ow * sW] += cols[src + ow];
        }
      }
    }
  }
}

/** Output channels computed between two cancellation checks: one register tile of rows. */
const CHANNEL_BLOCK = 4;

/** out [N, Cout, outH, outW] = conv(x [N, Cin, inH, inW], w [Cout, Cin/g, kH, kW]) + b [Cout]. */
export function convForward(g: ConvGeometry, x: Data, w: Data, b: Data | undefined, out: Data, checkpoint?: Checkpoint): void {
  const Kc = patchRows(g);
  const P = g.outH * g.outW;
  const Cg = g.Cin / g.groups;
  const Og = g.Cout / g.groups;
  const pointwise = isPointwise(g);
  const cols = pointwise ? x : new (x.constructor as { new (n: number): Data })(Kc * P);
  for (let n = 0; n < g.N; n++) {
    checkpoint?.();
    for (let grp = 0; grp < g.groups; grp++) {
      const xOff = (n * g.Cin + grp * Cg) * g.inH * g.inW;
      if (!pointwise) im2col(g, x, xOff, cols);
      const outOff = (n * g.Cout + grp * Og) * P;
      // Blocks of output channels, so a cancelled job stops within a few channels.
      for (let c0 = 0; c0 < Og; c0 += CHANNEL_BLOCK) {
        checkpoint?.();
        const rows = Math.min(CHANNEL_BLOCK, Og - c0);
        gemm(rows, P, Kc, w, (grp * Og + c0) * Kc, cols, pointwise ? xOff : 0, out, outOff + c0 * P, false);
      }
    }
    if (b) {
      for (let co = 0; co < g.Cout; co++) {
        const off = (n * g.Cout + co) * P;
        const bv = b[co];
        for (let p = 0; p < P; p++) out[off + p] += bv;
      }
    }
  }
}

/** dx [N, Cin, inH, inW] (+)= the adjoint of convForward applied to dOut [N, Cout, outH, outW]. */
export function convGradInput(g: ConvGeometry, dOut: Data, w: Data, dx: Data, checkpoint?: Checkpoint): void {
  const Kc = patchRows(g);
  const P = g.outH * g.outW;
  const Cg = g.Cin / g.groups;
  const Og = g.Cout / g.groups;
  const make = dOut.constructor as { new (n: number): Data };
  // W_gᵀ [Kc, Og] per group, transposed once so the product runs in the fast NN form.
  const wT = new make(g.Cout * Kc);
  for (let grp = 0; grp < g.groups; grp++) {
    transpose(Og, Kc, w, grp * Og * Kc, wT.subarray(grp * Og * Kc, (grp + 1) * Og * Kc));
  }
  const pointwise = isPointwise(g);
  const dcols = new make(Kc * P);
  for (let n = 0; n < g.N; n++) {
    checkpoint?.();
    for (let grp = 0; grp < g.groups; grp++) {
      const dOutOff = (n * g.Cout + grp * Og) * P;
      const dxOff = (n * g.Cin + grp * Cg) * g.inH * g.inW;
      if (pointwise) {
        gemm(Kc, P, Og, wT, grp * Og * Kc, dOut, dOutOff, dx, dxOff, true);
      } else {
        gemm(Kc, P, Og, wT, grp * Og * Kc, dOut, dOutOff, dcols, 0, false);
        col2im(g, dcols, dx, dxOff);
      }
    }
  }
}

/** dw [Cout, Cin/g, kH, kW] (+)= Σ_n dOut_n · colsᵀ(x_n). */
export function convGradWeight(g: ConvGeometry, dOut: Data, x: Data, dw: Data, checkpoint?: Checkpoint): void {
  const Kc = patchRows(g);
  const P = g.outH * g.outW;
  const Cg = g.Cin / g.groups;
  const Og = g.Cout / g.groups;
  const pointwise = isPointwise(g);
  const cols = pointwise ? x : new (x.constructor as { new (n: number): Data })(Kc * P);
  for (let n = 0; n < g.N; n++) {
    checkpoint?.();
    for (let grp = 0; grp < g.groups; grp++) {
      const xOff = (n * g.Cin + grp * Cg) * g.inH * g.inW;
      if (!pointwise) im2col(g, x, xOff, cols);
      const dOutOff = (n * g.Cout + grp * Og) * P;
      gemmNT(Og, Kc, P, dOut, dOutOff, cols, pointwise ? xOff : 0, dw, grp * Og * Kc, true);
    }
  }
}

/** db [C] = Σ over batch and positions of dOut [N, C, P]. */
export function channelSums(dOut: Data, N: number, C: number, P: number, db: Data): void {
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const off = (n * C + c) * P;
      let s = 0;
      for (let p = 0; p < P; p++) s += dOut[off + p];
      db[c] += s;
    }
  }
}
