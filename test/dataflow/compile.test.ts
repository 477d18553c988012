import { describe, expect, it } from "vitest";
import { compileCell } from "../../kernel/dataflow/compile.ts";

const compiled = (value: string) => compileCell({ id: 1, mode: "js", value, pinned: false, hidden: false });

describe("compileCell: whether a cell runs everything before it returns", () => {
  it("calls a cell synchronous only when it neither awaits nor yields nor defines a function or class", () => {
    for (const value of ["const a = relu(conv2d(x, {weight: w}))", "x + 1", "const {a, b} = f(x); const c = [a, b].map(g)", "for (let i = 0; i < 3; i++) g(i)"]) {
      expect(compiled(value).synchronous, value).toBe(true);
    }
    for (const value of [
      `import {relu} from "scanbook"`,
      "const a = await f(x)",
      "const f = () => relu(x)",
      "const o = {get v() { return relu(x); }}",
      "class Layer {}",
      "setTimeout(function () { relu(x); }, 10)",
      "const g = function* () { yield 1; }",
      "[1, 2].map((v) => v * 2)",
    ]) {
      expect(compiled(value).synchronous, value).toBe(false);
    }
    expect(compiled("const = 1").synchronous).toBe(false);
  });
});
