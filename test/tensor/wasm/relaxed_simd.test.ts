import { afterAll, describe, expect, it } from "vitest";
import { engineInfo } from "../../../kernel/tensor/backend.ts";
import { randn } from "../../../kernel/tensor/random.ts";
import { instantiateKernels, replaceKernels, wasmFusedMultiplyAdd, wasmReady } from "../../../kernel/tensor/wasm/module.ts";
import { wasmOps } from "../../../kernel/tensor/wasm/ops.ts";

// Node 20 validates the relaxed-SIMD module once the engine has set V8's flag for it; the
// fused multiply-add it uses rounds once where the plain module rounds twice, so the two
// modules' results differ in the last bits (which shows the fused one really runs), and
// both stay within float32 rounding of each other.

describe("the relaxed-SIMD kernels", () => {
  const restore = { kernels: undefined as Awaited<typeof wasmReady>, relaxed: false };
  afterAll(() => {
    replaceKernels(restore.kernels, restore.relaxed);
  });

  it("load in Node 20 and the engine says so", async () => {
    expect(await wasmReady).toBeDefined();
    expect(wasmFusedMultiplyAdd()).toBe(true);
    expect(engineInfo().fusedMultiplyAdd).toBe(true);
  });

  it("round once per multiply-add: the two modules differ in the last bits, never by more", async () => {
    const x = randn([2, 64, 10, 10], { seed: 5 }),
      weight = randn([8, 64, 3, 3], { seed: 6 });
    const saved = replaceKernels(await instantiateKernels(true), true);
    Object.assign(restore, saved);
    const fused = wasmOps.conv2d.forward({ x, weight }, { padding: 1 }).output.data;
    replaceKernels(await instantiateKernels(false), false);
    const plain = wasmOps.conv2d.forward({ x, weight }, { padding: 1 }).output.data;
    let differ = 0,
      worst = 0;
    for (let i = 0; i < plain.length; i++) {
      if (fused[i] !== plain[i]) differ++;
      worst = Math.max(worst, Math.abs(fused[i] - plain[i]) / Math.max(1, Math.abs(plain[i])));
    }
    expect(differ, "outputs that differ between the fused and the plain module").toBeGreaterThan(plain.length / 10);
    expect(worst).toBeLessThan(1e-5);
  });
});
