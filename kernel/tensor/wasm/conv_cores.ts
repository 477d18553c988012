import { referenceConvCores, type ConvCores } from "../conv_cores.ts";
import type { ConvGeometry } from "../conv_geometry.ts";
import { label, type OpContext } from "../errors.ts";
import type { Checkpoint } from "../op.ts";
import type { Data } from "../tensor.ts";
import { arenaFor } from "./arena.ts";
import { wasmKernels, type WasmKernels } from "./module.ts";
import { type KernelCall, kernelThreads, PARALLEL_MIN_MACS, runCalls } from "./parallel.ts";

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

export function layoutOf(g: ConvGeometry): Layout {
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

/**
 * Multiply-adds each thread takes between two cancellation checks: about 2 ms of kernel time,
 * so a cancelled job stops soon, while the rounds (each one costs the threads a handshake)
 * stay few: (b) and (c) are one round each.
 */
const ROUND_MACS = 40_000_000;

const macsPerSample = (g: ConvGeometry) => g.Cout * g.outH * g.outW * (g.Cin / g.groups) * g.kH * g.kW;

/** How many threads a job of this size is worth (1 without kernel threads, or for a small job). */
function threadsFor(g: ConvGeometry): number {
  const threads = kernelThreads();
  const macs = g.N * macsPerSample(g);
  return !threads || g.N < 2 || macs < PARALLEL_MIN_MACS ? 1 : Math.min(threads.count, g.N);
}

/**
 * Runs every sample's kernel calls, `callsFor(n, t)` using thread t's scratch buffers: here one
 * after another, or in rounds spread over T threads (contiguous samples to each), checking
 * for cancellation between samples (one thread) or rounds (several).
 */
function runSamples(k: WasmKernels, g: ConvGeometry, T: number, checkpoint: Checkpoint | undefined, callsFor: (n: number, t: number) => KernelCall[]): void {
  const threads = kernelThreads();
  const N = g.N;
  if (T === 1 || !threads) {
    for (let n = 0; n < N; n++) {
      checkpoint?.();
      runCalls(k, callsFor(n, 0));
    }
    return;
  }
  const perRound = T * Math.max(1, Math.floor(ROUND_MACS / macsPerSample(g)));
  for (let start = 0; start < N; start += perRound) {
    checkpoint?.();
    const end = Math.min(N, start + perRound);
    const batches: KernelCall[][] = Array.from({ length: T }, () => []);
    for (let n = start; n < end; n++) {
      const t = Math.floor(((n - start) * T) / (end - start));
      batches[t].push(...callsFor(n, t));
    }
    threads.run(batches);
  }
}

function forward(g: ConvGeometry, x: Data, w: Data, b: Data | undefined, out: Data, checkpoint?: Checkpoint, ctx?: OpContext): void {
  const k = usable(x, w, out, ...(b ? [b] : []));
  if (!k) {
    referenceConvCores.forward(g, x, w, b, out, checkpoint);
    return;
  }
  if (pointwise(g)) {
    forwardPointwise(k, g, x, w, b, out, checkpoint, ctx);
    return;
  }
  const { a, who, L, koffAt, Cg, Og, KK, P, plane } = setup(k, g, ctx);
  const O4 = four(Og);
  const T = threadsFor(g);
  const xAt = a.put(x, who()),
    wAt = a.put(padWeights(w, g.groups, Og, Cg, KK, O4, Cg), who());
  let bAt = 0;
  if (b) {
    bAt = a.alloc(g.groups * O4, who());
    for (let grp = 0; grp < g.groups; grp++) a.view(bAt + grp * O4 * 4, Og).set(b.subarray(grp * Og, (grp + 1) * Og));
  }
  const outAt = a.alloc(out.length, who());
  // Per thread: the input's padded planes (and 8 floats of room: a row's last tile reads up to
  // 7 past its end), and (Og not a multiple of 4) room for the added rows.
  const xqAt = Array.from({ length: T }, () => a.alloc(L.size + 8, who()));
  const tileAt = Array.from({ length: T }, () => (O4 === Og ? 0 : a.alloc(O4 * P, who())));
  runSamples(k, g, T, checkpoint, (n, t) => {
    const calls: KernelCall[] = [];
    for (let grp = 0; grp < g.groups; grp++) {
      const target = outAt + (n * g.Cout + grp * Og) * P * 4;
      calls.push(["phasePlanes", xAt + (n * g.Cin + grp * Cg) * plane * 4, Cg, g.inH, g.inW, g.pH, g.pW, L.Hp, L.Wp, g.sW, xqAt[t]]);
      calls.push(["convForward", xqAt[t], Cg, L.Hp, L.rowLen, koffAt, wAt + grp * O4 * Cg * KK * 4, O4, g.kH, g.kW, g.sH, g.dH, tileAt[t] || target, g.outH, g.outW, bAt ? bAt + grp * O4 * 4 : 0]);
      if (tileAt[t]) calls.push(["copy", target, tileAt[t], Og * P]);
    }
    return calls;
  });
  out.set(a.view(outAt, out.length));
}

function gradInput(g: ConvGeometry, dOut: Data, w: Data, dx: Data, checkpoint?: Checkpoint, ctx?: OpContext): void {
  const k = usable(dOut, w, dx);
  if (!k) {
    referenceConvCores.gradInput(g, dOut, w, dx, checkpoint);
    return;
  }
  if (pointwise(g)) {
    gradInputPointwise(k, g, dOut, w, dx, checkpoint, ctx);
    return;
  }
  const { a, who, L, koffAt, Cg, Og, KK, P, plane } = setup(k, g, ctx);
  // Input channels padded to a multiple of 4 (the tile); the added planes are dropped.
  const C4 = four(Cg);
  const T = threadsFor(g);
  // dOut with 8 floats of room after it: a row's last tile reads up to 7 past its end.
  const gAt = a.alloc(dOut.length + 8, who());
  a.view(gAt, dOut.length).set(dOut);
  const wAt = a.put(padWeights(w, g.groups, Og, Cg, KK, Og, C4), who());
  const planes = (L.size / Cg) * C4;
  const dxAt = a.alloc(dx.length, who());
  const dxqAt = Array.from({ length: T }, () => a.alloc(planes, who()));
  runSamples(k, g, T, checkpoint, (n, t) => {
    const calls: KernelCall[] = [];
    for (let grp = 0; grp < g.groups; grp++) {
      calls.push(["zero", dxqAt[t], planes]);
      calls.push(["convGradInput", dxqAt[t], C4, L.Hp, L.rowLen, koffAt, wAt + grp * Og * C4 * KK * 4, Og, g.kH, g.kW, g.sH, g.dH, gAt + (n * g.Cout + grp * Og) * P * 4, g.outH, g.outW]);
      calls.push(["unphasePlanes", dxqAt[t], Cg, g.inH, g.inW, g.pH, g.pW, L.Hp, L.Wp, g.sW, dxAt + (n * g.Cin + grp * Cg) * plane * 4]);
    }
    return calls;
  });
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
  const T = threadsFor(g);
  const size = g.groups * O4 * Cg * KK;
  const gAt = a.put(dOut, who()),
    xAt = a.put(x, who());
  // Each thread sums its samples into its own copy of dw; the copies are added up at the end.
  const dwAt = Array.from({ length: T }, (_, t) => (t === 0 ? a.put(padWeights(dw, g.groups, Og, Cg, KK, O4, Cg), who()) : a.alloc(size, who())));
  for (let t = 1; t < T; t++) a.view(dwAt[t], size).fill(0);
  const xqAt = Array.from({ length: T }, () => a.alloc(L.size, who()));
  const tileAt = Array.from({ length: T }, () => (O4 === Og ? 0 : a.alloc(O4 * P, who())));
  for (const at of tileAt) if (at) a.view(at, O4 * P).fill(0);
  runSamples(k, g, T, checkpoint, (n, t) => {
    const calls: KernelCall[] = [];
    for (let grp = 0; grp < g.groups; grp++) {
      const source = gAt + (n * g.Cout + grp * Og) * P * 4;
      if (tileAt[t]) calls.push(["copy", tileAt[t], source, Og * P]);
      calls.push(["phasePlanes", xAt + (n * g.Cin + grp * Cg) * plane * 4, Cg, g.inH, g.inW, g.pH, g.pW, L.Hp, L.Wp, g.sW, xqAt[t]]);
      calls.push(["convGradWeight", xqAt[t], Cg, L.Hp, L.rowLen, koffAt, dwAt[t] + grp * O4 * Cg * KK * 4, O4, g.kH, g.kW, g.sH, g.dH, tileAt[t] || source, g.outH, g.outW]);
    }
    return calls;
  });
  const result = a.view(dwAt[0], size);
  for (let t = 1; t < T; t++) {
    const part = a.view(dwAt[t], size);
    for (let i = 0; i < size; i++) result[i] += part[i];
  }
  for (let grp = 0; grp < g.groups; grp++) dw.set(result.subarray(grp * O4 * Cg * KK, (grp * O4 + Og) * Cg * KK), grp * Og * Cg * KK);
}

/**
 * A 1 × 1 convolution with stride 1 and no padding is a matrix product per sample and group:
 * out [Og, P] = w [Og, Cg] · x [Cg, P], with P = H · W positions. The GEMM kernel's 4 × 8 tile
 * runs it without the direct kernel's loops over a 1 × 1 window (twice as fast on 64 → 128
 * channels); the planes need no layout either.
 */
const pointwise = (g: ConvGeometry) => g.kH === 1 && g.kW === 1 && g.sH === 1 && g.sW === 1 && g.pH === 0 && g.pW === 0 && g.outH === g.inH && g.outW === g.inW;

function forwardPointwise(k: WasmKernels, g: ConvGeometry, x: Data, w: Data, b: Data | undefined, out: Data, checkpoint?: Checkpoint, ctx?: OpContext): void {
  const who = whoOf(ctx);
  const a = arenaFor(k);
  const Cg = g.Cin / g.groups,
    Og = g.Cout / g.groups,
    P = g.outH * g.outW;
  const xAt = a.put(x, who),
    wAt = a.put(w, who),
    outAt = a.alloc(out.length, who);
  // Each output plane starts at its channel's bias (or zero) and the products are added to it.
  const start = a.view(outAt, out.length);
  for (let n = 0, at = 0; n < g.N; n++) for (let co = 0; co < g.Cout; co++, at += P) start.fill(b ? b[co] : 0, at, at + P);
  runSamples(k, g, threadsFor(g), checkpoint, (n) =>
    Array.from({ length: g.groups }, (_, grp): KernelCall => ["gemm", wAt + grp * Og * Cg * 4, xAt + (n * g.Cin + grp * Cg) * P * 4, outAt + (n * g.Cout + grp * Og) * P * 4, Og, P, Cg, 1]),
  );
  out.set(a.view(outAt, out.length));
}

/** The input gradient of a pointwise convolution: dx [Cg, P] = wᵀ [Cg, Og] · dOut [Og, P] per sample and group. */
function gradInputPointwise(k: WasmKernels, g: ConvGeometry, dOut: Data, w: Data, dx: Data, checkpoint?: Checkpoint, ctx?: OpContext): void {
  const who = whoOf(ctx);
  const a = arenaFor(k);
  const Cg = g.Cin / g.groups,
    Og = g.Cout / g.groups,
    P = g.outH * g.outW;
  // w [G, Og, Cg] transposed per group to [G, Cg, Og].
  const wT = new Float32Array(w.length);
  for (let grp = 0; grp < g.groups; grp++) {
    for (let o = 0; o < Og; o++) for (let c = 0; c < Cg; c++) wT[(grp * Cg + c) * Og + o] = w[(grp * Og + o) * Cg + c];
  }
  // dx is added to (another path's gradient may be in it already): the products accumulate onto it.
  const gAt = a.put(dOut, who),
    wAt = a.put(wT, who),
    dxAt = a.put(dx, who);
  runSamples(k, g, threadsFor(g), checkpoint, (n) =>
    Array.from({ length: g.groups }, (_, grp): KernelCall => ["gemm", wAt + grp * Cg * Og * 4, gAt + (n * g.Cout + grp * Og) * P * 4, dxAt + (n * g.Cin + grp * Cg) * P * 4, Cg, P, Og, 1]),
  );
  dx.set(a.view(dxAt, dx.length));
}

/** The convolution loops on the WebAssembly kernels; anything they cannot take goes to the reference. */
export const wasmConvCores: ConvCores = { forward, gradInput, gradWeight };
