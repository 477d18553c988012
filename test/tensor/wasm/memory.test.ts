import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { randn } from "../../../kernel/tensor/random.ts";
import { setWasmMemoryLimit } from "../../../kernel/tensor/wasm/arena.ts";
import { wasmMemoryBytes, wasmReady } from "../../../kernel/tensor/wasm/module.ts";
import { wasmOps } from "../../../kernel/tensor/wasm/ops.ts";

describe("the WebAssembly kernels' memory", () => {
  beforeAll(async () => {
    expect(await wasmReady).toBeDefined();
  });
  afterEach(() => setWasmMemoryLimit());

  it("is reused from op to op: 1,000 forward and backward passes leave it the size the first one made", () => {
    const x = randn([2, 3, 20, 20], { seed: 1 }),
      weight = randn([8, 3, 3, 3], { seed: 2 });
    const first = wasmOps.conv2d.forward({ x, weight }, { padding: 1 });
    wasmOps.conv2d.backward(randn(first.output.shape, { seed: 3 }), first.saved, { padding: 1 });
    const size = wasmMemoryBytes();
    expect(size).toBeGreaterThan(0);
    for (let i = 0; i < 1000; i++) {
      const { output, saved } = wasmOps.conv2d.forward({ x, weight }, { padding: 1, name: "c1" });
      wasmOps.conv2d.backward(output, saved, { padding: 1, name: "c1" });
    }
    expect(wasmMemoryBytes()).toBe(size);
  });

  it("refuses an op past the limit with the layer and the bytes it needed, then computes the next op", () => {
    setWasmMemoryLimit(4e6);
    const big = randn([1, 2, 400, 400], { seed: 4 }); // 1.28 MB in, the padded copy and the output past 4 MB
    const weight = randn([8, 2, 3, 3], { seed: 5 });
    expect(() => wasmOps.conv2d.forward({ x: big, weight }, { padding: 1, name: "c1" })).toThrow(/^conv2d "c1": needs \d(\.\d)? MB of engine memory, more than the 4 MB the engine may use$/);
    const small = wasmOps.conv2d.forward({ x: randn([1, 2, 10, 10], { seed: 6 }), weight }, { padding: 1, name: "c2" });
    expect(small.output.shape).toEqual([1, 8, 10, 10]);
    expect(Number.isFinite(small.output.data[0])).toBe(true);
  });
});
