import { referenceConvCores, type ConvCores } from "../conv_cores.ts";
import type { ConvGeometry } from "../conv_geometry.ts";
import { label, type OpContext } from "../errors.ts";
import type { Checkpoint } from "../op.ts";
import type { Data } from "../tensor.ts";
import { arenaFor } from "./arena.ts";
import { wasmKernels, type WasmKernels } from "./module.ts";

/**
 * How the kernels see one group's input planes (assembly/planes.ts): padded to Hp × Wp, rows
 * split into sW phases of Wq floats, and where column kj of a window starts in a row (koff).
 */
interface Layout {
  Hp: number;
  Wp: number;
  rowLen: number;
  /** Floats in one group's planes: Cg · Hp · rowLen. */
  size: number;
  koff: Int32Array;
}

function layoutOf(g: ConvGeometry): Layout {
  const Hp = Math.max(g.inH + 2 * g.pH, (g.outH - 1) * g.sH + (g.kH - 1) * g.dH + 1);
  const Wp = Math.max(g.inW + 2 * g.pW, (g.outW - 1) * g.sW + (g.kW - 1) * g.dW + 1);
  const Wq = Math.ceil(Wp / g.sW);
  const koff = Int32Array.from({ length: g.kW }, (_, kj) => ((kj * g.dW) % g.sW) * Wq + Math.floor((kj * g.dW) / g.sW));
  return { Hp, Wp, rowLen: g.sW * Wq, size: (g.Cin / g.groups) * Hp * g.sW * Wq, koff };
}

/** The kernels when they are loaded and the data is float32 (float64 gradient checks stay on the reference). */
function usable(...data: Data[]): WasmKernels | undefined {
  const kernels = wasmKernels();
  return kernels && data.every((d) => d instanceof Float32Array) ? kernels : undefined;
}

/** What an out-of-memory error names: the op and its layer, as every engine error does. */
const whoOf = (ctx: OpContext | undefined) => (ctx ? label(ctx) : "convolution");

/** Everything the loops below pass to every kernel call. */
function setup(k: WasmKernels, g: ConvGeometry, ctx: OpContext | undefined) {
  const who = () => whoOf(ctx);
  const a = arenaFor(k);
  const L = layoutOf(g);
  const koffAt = a.alloc(L.koff.length, who());
  new Int32Array(k.memory.buffer, koffAt, L.koff.length).set(L.koff);
  return { a, who, L, koffAt, Cg: g.Cin / g.groups, Og: g.Cout / g.groups, KK: g.kH * g.kW, P: g.outH * g.outW, plane: g.inH * g.inW };
}

/**
 * Channels rounded up to a multiple of 4: the kernels' tiles hold 4 channels, so from 3
 * channels up they are padded with zero weights to fill them (the full tile is 2-3 times as
 * fast as single rows); 1 or 2 channels would waste more than that and run as single rows.
 */
const four = (n: number) => (n >= 3 ? Math.ceil(n / 4) * 4 : n);

/**
 * w [G, O, C, KK] copied into [G, O4, C4, KK] with zeros in the added rows: the kernels then
 * only run full tiles; what the added rows compute is never read.
 */
function padWeights(w: Data, G: number, O: number, C: number, KK: number, O4: number, C4: number): Float32Array {
  if (O4 === O && C4 === C) return w as Float32Array;
  const padded = new Float32Array(G * O4 * C4 * KK);
  for (let grp = 0; grp < G; grp++) {
    for (let o = 0; o < O; o++) padded.set(w.subarray((grp * O + o) * C * KK, (grp * O + o + 1) * C * KK), (grp * O4 + o) * C4 * KK);
  }
  return padded;
}

function forward(g: ConvGeometry, x: Data, w: Data, b: Data | undefined, out: Data, checkpoint?: Checkpoint, ctx?: OpContext): void {
  const k = usable(x, w, out, ...(b ? [b] : []));
  if (!k) {
    referenceConvCores.forward(g, x, w, b, out, checkpoint);
    return;
  }
  const { a, who, L, koffAt, Cg, Og, KK, P, plane } = setup(k, g, ctx);
  const O4 = four(Og);
  const xAt = a.put(x, who()),
    wAt = a.put(padWeights(w, g.groups, Og, Cg, KK, O4, Cg), who());
  let bAt = 0;
  if (b) {
    bAt = a.alloc(g.groups * O4, who());
    for (let grp = 0; grp < g.groups; grp++) a.view(bAt + grp * O4 * 4, Og).set(b.subarray(grp * Og, (grp + 1) * Og));
  }
  const outAt = a.alloc(out.length, who()),
    xqAt = a.alloc(L.size, who());
  // Og not a multiple of 4: each group's output goes through a buffer with room for the added rows.
  const tileAt = O4 === Og ? 0 : a.alloc(O4 * P, who());
  for (let n = 0; n < g.N; n++) {
    checkpoint?.();
    for (let grp = 0; grp < g.groups; grp++) {
      const target = outAt + (n * g.Cout + grp * Og) * P * 4;
      k.phasePlanes(xAt + (n * g.Cin + grp * Cg) * plane * 4, Cg, g.inH, g.inW, g.pH, g.pW, L.Hp, L.Wp, g.sW, xqAt);
      k.convForward(xqAt, Cg, L.Hp, L.rowLen, koffAt, wAt + grp * O4 * Cg * KK * 4, O4, g.kH, g.kW, g.sH, g.dH, tileAt || target, g.outH, g.outW, bAt ? bAt + grp * O4 * 4 : 0);
      if (tileAt) a.view(target, Og * P).set(a.view(tileAt, Og * P));
    }
  }
  out.set(a.view(outAt, out.length));
}

function gradInput(g: ConvGeometry, dOut: Data, w: Data, dx: Data, checkpoint?: Checkpoint, ctx?: OpContext): void {
  const k = usable(dOut, w, dx);
  if (!k) {
    referenceConvCores.gradInput(g, dOut, w, dx, checkpoint);
    return;
  }
  const { a, who, L, koffAt, Cg, Og, KK, P, plane } = setup(k, g, ctx);
  // Input channels padded to a multiple of 4 (the tile); the added planes are dropped.
  const C4 = four(Cg);
  const gAt = a.put(dOut, who()),
    wAt = a.put(padWeights(w, g.groups, Og, Cg, KK, Og, C4), who());
  const planes = (L.size / Cg) * C4;
  const dxAt = a.alloc(dx.length, who()),
    dxqAt = a.alloc(planes, who());
  for (let n = 0; n < g.N; n++) {
    checkpoint?.();
    for (let grp = 0; grp < g.groups; grp++) {
      a.view(dxqAt, planes).fill(0);
      k.convGradInput(dxqAt, C4, L.Hp, L.rowLen, koffAt, wAt + grp * Og * C4 * KK * 4, Og, g.kH, g.kW, g.sH, g.dH, gAt + (n * g.Cout + grp * Og) * P * 4, g.outH, g.outW);
      k.unphasePlanes(dxqAt, Cg, g.inH, g.inW, g.pH, g.pW, L.Hp, L.Wp, g.sW, dxAt + (n * g.Cin + grp * Cg) * plane * 4);
    }
  }
  const result = a.view(dxAt, dx.length);
  for (let i = 0; i < dx.length; i++) dx[i] += result[i];
}

function gradWeight(g: ConvGeometry, dOut: Data, x: Data, dw: Data, checkpoint?: Checkpoint, ctx?: OpContext): void {
  const k = usable(dOut, x, dw);
  if (!k) {
    referenceConvCores.gradWeight(g, dOut, x, dw, checkpoint);
    return;
  }
  const { a, who, L, koffAt, Cg, Og, KK, P, plane } = setup(k, g, ctx);
  // Output channels padded to a multiple of 4: the added rows see zero gradients and are dropped.
  const O4 = four(Og);
  const gAt = a.put(dOut, who()),
    xAt = a.put(x, who()),
    dwAt = a.put(padWeights(dw, g.groups, Og, Cg, KK, O4, Cg), who());
  const xqAt = a.alloc(L.size, who());
  const tileAt = O4 === Og ? 0 : a.alloc(O4 * P, who());
  if (tileAt) a.view(tileAt, O4 * P).fill(0);
  for (let n = 0; n < g.N; n++) {
    checkpoint?.();
    for (let grp = 0; grp < g.groups; grp++) {
      const source = gAt + (n * g.Cout + grp * Og) * P * 4;
      if (tileAt) a.view(tileAt, Og * P).set(a.view(source, Og * P));
      k.phasePlanes(xAt + (n * g.Cin + grp * Cg) * plane * 4, Cg, g.inH, g.inW, g.pH, g.pW, L.Hp, L.Wp, g.sW, xqAt);
      k.convGradWeight(xqAt, Cg, L.Hp, L.rowLen, koffAt, dwAt + grp * O4 * Cg * KK * 4, O4, g.kH, g.kW, g.sH, g.dH, tileAt || source, g.outH, g.outW);
    }
  }
  const result = a.view(dwAt, g.groups * O4 * Cg * KK);
  for (let grp = 0; grp < g.groups; grp++) dw.set(result.subarray(grp * O4 * Cg * KK, (grp * O4 + Og) * Cg * KK), grp * Og * Cg * KK);
}

/** The convolution loops on the WebAssembly kernels; anything they cannot take goes to the reference. */
export const wasmConvCores: ConvCores = { forward, gradInput, gradWeight };
