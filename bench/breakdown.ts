import { convGeometry } from "../kernel/tensor/factories/convolution.ts";
import { randn } from "../kernel/tensor/random.ts";
import { arenaFor } from "../kernel/tensor/wasm/arena.ts";
import { layoutOf } from "../kernel/tensor/wasm/conv_cores.ts";
import { wasmKernels } from "../kernel/tensor/wasm/module.ts";
import { medianMs, type Workload } from "./workloads.ts";

/** Where one thread's forward pass of a workload spends its time, in ms per part (medians). */
export interface Breakdown {
  workload: string;
  /** The input copied into the kernels' memory, and the output out of it. */
  copies: number;
  /** Zero padding and the stride's phase split of every sample's planes. */
  layout: number;
  /** The register-tiled kernel itself. */
  kernel: number;
}

/**
 * The parts of conv_cores.ts's forward loop timed one by one, as it runs them on one thread
 * (output channels a multiple of 4, no bias: what the bench's workloads are).
 */
export function forwardBreakdown(w: Workload): Breakdown | null {
  const k = wasmKernels();
  if (!k) return null;
  const x = randn(w.x, { seed: 1 }).data as Float32Array,
    weight = randn(w.weight, { seed: 2 }).data as Float32Array;
  const { geometry: g } = convGeometry({ op: "conv2d" }, 2, { x: w.x, weight: w.weight }, { stride: w.stride, padding: w.padding });
  const L = layoutOf(g);
  const a = arenaFor(k);
  const xAt = a.put(x, "bench"),
    wAt = a.put(weight, "bench"),
    koffAt = a.alloc(L.koff.length, "bench"),
    xqAt = a.alloc(L.size, "bench"),
    outLength = g.N * g.Cout * g.outH * g.outW,
    outAt = a.alloc(outLength, "bench");
  new Int32Array(k.memory.buffer, koffAt, L.koff.length).set(L.koff);
  const out = new Float32Array(outLength);
  const plane = g.inH * g.inW,
    P = g.outH * g.outW;
  const timing = { minRuns: 5, budgetMs: 500 };
  const copies = medianMs(() => {
    a.view(xAt, x.length).set(x);
    out.set(a.view(outAt, outLength));
  }, timing);
  const layout = medianMs(() => {
    for (let n = 0; n < g.N; n++) k.phasePlanes(xAt + n * g.Cin * plane * 4, g.Cin, g.inH, g.inW, g.pH, g.pW, L.Hp, L.Wp, g.sW, xqAt);
  }, timing);
  const kernel = medianMs(() => {
    for (let n = 0; n < g.N; n++) k.convForward(xqAt, g.Cin, L.Hp, L.rowLen, koffAt, wAt, g.Cout, g.kH, g.kW, g.sH, g.dH, outAt + n * g.Cout * P * 4, g.outH, g.outW, 0);
  }, timing);
  return { workload: w.id, copies, layout, kernel };
}
