import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { referenceOp } from "../../kernel/tensor/ops/index.ts";
import { randn, seededRandom } from "../../kernel/tensor/random.ts";
import { wasmKernels, wasmReady } from "../../kernel/tensor/wasm/module.ts";
import { wasmOps } from "../../kernel/tensor/wasm/ops.ts";
import { kernelThreads, PARALLEL_MIN_MACS, useKernelThreads } from "../../kernel/tensor/wasm/parallel.ts";
import { startKernelThreads } from "../../kernel/worker/node_kernel_threads.ts";

// The convolution kernels spread over kernel threads (worker_threads on one shared memory),
// against the reference: the same results, whatever the split.

function worst(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < expected.length; i++) w = Math.max(w, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  return w;
}

describe("kernel threads", () => {
  let threads: Awaited<ReturnType<typeof startKernelThreads>>;
  beforeAll(async () => {
    await wasmReady;
    threads = await startKernelThreads(3);
    expect(threads, "worker_threads with a shared WebAssembly memory").toBeDefined();
    useKernelThreads(threads);
  });
  afterAll(async () => {
    useKernelThreads(undefined);
    await threads?.stop();
  });

  it("run the kernels on a shared memory, and split batches that are worth it", () => {
    expect(wasmKernels()!.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(kernelThreads()?.count).toBe(3);
  });

  it("agree with the reference on large random convolutions, forward and every gradient", () => {
    const before = threads!.rounds();
    const random = seededRandom(17);
    const pick = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    for (let i = 0; i < 12; i++) {
      // Shapes large enough to be split (PARALLEL_MIN_MACS), every other size still odd.
      let groups: number, Cin: number, Cout: number, N: number, k: number, s: number, H: number, W: number, padding: number;
      do {
        groups = pick(1, 2);
        Cin = groups * pick(1, 6);
        Cout = groups * pick(1, 9);
        N = pick(2, 19);
        k = pick(1, 4);
        s = pick(1, 3);
        H = pick(k, 24);
        W = pick(k, 24);
        padding = pick(0, k - 1);
      } while (N * Cout * Math.floor((H + 2 * padding - k) / s + 1) * Math.floor((W + 2 * padding - k) / s + 1) * (Cin / groups) * k * k < PARALLEL_MIN_MACS);
      const x = randn([N, Cin, H, W], { seed: i }),
        weight = randn([Cout, Cin / groups, k, k], { seed: i + 100 });
      const options = { stride: s, padding, groups };
      const r = referenceOp("conv2d").forward({ x, weight }, options),
        f = wasmOps.conv2d.forward({ x, weight }, options);
      expect(worst(f.output.data, r.output.data), `#${i} forward`).toBeLessThan(1e-4);
      const g = randn(r.output.shape, { seed: i + 200 });
      const rg = referenceOp("conv2d").backward(g, r.saved, options),
        fg = wasmOps.conv2d.backward(g, f.saved, options);
      expect(worst(fg.x.data, rg.x.data), `#${i} grad x`).toBeLessThan(1e-4);
      expect(worst(fg.weight.data, rg.weight.data), `#${i} grad weight`).toBeLessThan(1e-4);
    }
    expect(threads!.rounds() - before, "rounds the threads ran: 3 ops of each case at least").toBeGreaterThanOrEqual(36);
  });

  it("replace a thread that died; meanwhile its share runs on the engine's thread", async () => {
    const x = randn([16, 3, 20, 20], { seed: 1 }),
      weight = randn([8, 3, 3, 3], { seed: 2 });
    const expected = referenceOp("conv2d").forward({ x, weight }, { padding: 1 }).output.data;
    const { Worker } = await import("node:worker_threads");
    expect(Worker).toBeDefined();
    await threads!.killOne();
    // At once (the replacement still starting) and once it is back: both right.
    expect(worst(wasmOps.conv2d.forward({ x, weight }, { padding: 1 }).output.data, expected)).toBeLessThan(1e-4);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(threads!.alive()).toBe(2);
    expect(worst(wasmOps.conv2d.forward({ x, weight }, { padding: 1 }).output.data, expected)).toBeLessThan(1e-4);
  });
});
