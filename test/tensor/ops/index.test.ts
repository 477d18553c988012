import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { preferredBackend, setBackend } from "../../../kernel/tensor/backend.ts";
import { getOp, isOpName, ops, referenceOp } from "../../../kernel/tensor/ops/index.ts";
import { wasmOps } from "../../../kernel/tensor/wasm/ops.ts";

describe("ops", () => {
  for (const [name, op] of Object.entries(ops)) {
    it(`${name}: registered under its own name, with a test file that checks its gradient`, () => {
      expect(op.name).toBe(name);
      const file = new URL(`./${name}.test.ts`, import.meta.url);
      expect(existsSync(file), `test/tensor/ops/${name}.test.ts`).toBe(true);
      expect(readFileSync(file, "utf8")).toMatch(/gradcheck|Checks\(/);
    });
  }
});

describe("getOp", () => {
  it("finds a registered op and names the known ones for an unknown name", () => {
    expect(getOp("softmax")).toBe(ops.softmax); // an op with no WebAssembly kernel: the reference itself
    expect(isOpName("toString")).toBe(false);
    expect(() => getOp("conv3d")).toThrow(/^unknown op "conv3d" \(known: conv1d, conv2d, /);
  });

  it("picks the WebAssembly version of an op that has one when the backend is wasm, the reference otherwise", () => {
    const before = preferredBackend();
    try {
      setBackend("wasm");
      expect(getOp("conv2d")).toBe(wasmOps.conv2d);
      expect(getOp("avg_pool2d")).toBe(ops.avg_pool2d);
      setBackend("js");
      expect(getOp("conv2d")).toBe(ops.conv2d);
      expect(referenceOp("conv2d")).toBe(ops.conv2d);
      expect(() => setBackend("gpu" as "js")).toThrow('backend must be "wasm" or "js", got "gpu"');
    } finally {
      setBackend(before);
    }
  });
});
