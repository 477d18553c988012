import { referenceConvCores, type ConvCores } from "../conv_cores.ts";
import type { ConvGeometry } from "../conv_geometry.ts";
import { label, type OpContext } from "../errors.ts";
import type { Checkpoint } from "../op.ts";
import type { Data } from "../tensor.ts";
import { Arena } from "./arena.ts";
import { wasmKernels, type WasmKernels } from "./module.ts";

let arena: Arena | undefined;
function arenaFor(kernels: WasmKernels): Arena {
  arena ??= new Arena(kernels);
  arena.reset();
  return arena;
}

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

function forward(g: ConvGeometry, x: Data, w: Data, b: Data | undefined, out: Data, checkpoint?: Checkpoint, ctx?: OpContext): void {
  const k = usable(x, w, out, ...(b ? [b] : []));
  if (!k) {
    referenceConvCores.forward(g, x, w, b, out, checkpoint);
    return;
  }
  const { a, who, L, koffAt, Cg, Og, KK, P, plane } = setup(k, g, ctx);
  const xAt = a.put(x, who()),
    wAt = a.put(w, who()),
    bAt = b ? a.put(b, who()) : 0;
  const outAt = a.alloc(out.length, who()),
    xqAt = a.alloc(L.size, who());
  for (let n = 0; n < g.N; n++) {
    checkpoint?.();
    for (let grp = 0; grp < g.groups; grp++) {
      k.phasePlanes(xAt + (n * g.Cin + grp * Cg) * plane * 4, Cg, g.inH, g.inW, g.pH, g.pW, L.Hp, L.Wp, g.sW, xqAt);
      k.convForward(xqAt, Cg, L.Hp, L.rowLen, koffAt, wAt + grp * Og * Cg * KK * 4, Og, g.kH, g.kW, g.sH, g.dH, outAt + (n * g.Cout + grp * Og) * P * 4, g.outH, g.outW, bAt ? bAt + grp * Og * 4 : 0);
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
  const gAt = a.put(dOut, who()),
    wAt = a.put(w, who());
  const dxAt = a.alloc(dx.length, who()),
    dxqAt = a.alloc(L.size, who());
  for (let n = 0; n < g.N; n++) {
    checkpoint?.();
    for (let grp = 0; grp < g.groups; grp++) {
      a.view(dxqAt, L.size).fill(0);
      k.convGradInput(dxqAt, Cg, L.Hp, L.rowLen, koffAt, wAt + grp * Og * Cg * KK * 4, Og, g.kH, g.kW, g.sH, g.dH, gAt + (n * g.Cout + grp * Og) * P * 4, g.outH, g.outW);
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
  const gAt = a.put(dOut, who()),
    xAt = a.put(x, who()),
    dwAt = a.put(dw, who());
  const xqAt = a.alloc(L.size, who());
  for (let n = 0; n < g.N; n++) {
    checkpoint?.();
    for (let grp = 0; grp < g.groups; grp++) {
      k.phasePlanes(xAt + (n * g.Cin + grp * Cg) * plane * 4, Cg, g.inH, g.inW, g.pH, g.pW, L.Hp, L.Wp, g.sW, xqAt);
      k.convGradWeight(xqAt, Cg, L.Hp, L.rowLen, koffAt, dwAt + grp * Og * Cg * KK * 4, Og, g.kH, g.kW, g.sH, g.dH, gAt + (n * g.Cout + grp * Og) * P * 4, g.outH, g.outW);
    }
  }
  dw.set(a.view(dwAt, dw.length));
}

/** The convolution loops on the WebAssembly kernels; anything they cannot take goes to the reference. */
export const wasmConvCores: ConvCores = { forward, gradInput, gradWeight };
