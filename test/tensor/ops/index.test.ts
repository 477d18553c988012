import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getOp, isOpName, ops } from "../../../kernel/tensor/ops/index.ts";

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
    expect(getOp("conv2d")).toBe(ops.conv2d);
    expect(isOpName("toString")).toBe(false);
    expect(() => getOp("conv3d")).toThrow(/^unknown op "conv3d" \(known: conv1d, conv2d, /);
  });
});
