import { afterAll, beforeAll, describe, expect } from "vitest";
import { instantiateKernels, replaceKernels, wasmFusedMultiplyAdd, wasmReady } from "../../kernel/tensor/wasm/module.ts";

/**
 * Runs `body` as a describe block once per kernel module the engine may load: the
 * relaxed-SIMD one (fused multiply-add, what Node and Chromium load) and the plain-SIMD one
 * (runtimes without relaxed SIMD), each put in place of the loaded kernels for the block.
 */
export function describeEachKernelModule(title: string, body: () => void): void {
  for (const relaxed of [true, false]) {
    describe(`${title} (${relaxed ? "relaxed SIMD, fused multiply-add" : "plain SIMD"})`, () => {
      let before: ReturnType<typeof replaceKernels> | undefined;
      beforeAll(async () => {
        expect(await wasmReady, "the kernels load in Node 20 (WebAssembly SIMD)").toBeDefined();
        before = replaceKernels(await instantiateKernels(relaxed), relaxed);
        expect(wasmFusedMultiplyAdd()).toBe(relaxed);
      });
      afterAll(() => {
        if (before) replaceKernels(before.kernels, before.relaxed);
      });
      body();
    });
  }
}
