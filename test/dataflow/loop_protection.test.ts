import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { protectLoops } from "../../kernel/dataflow/loop_protection.ts";
import { LoopWatch } from "../../kernel/dataflow/loop_watch.ts";
import { notebookHtml, openTest } from "../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});
function start(cells: string[], options = {}) {
  const { kernel } = openTest(notebookHtml(cells), options);
  open.push(kernel);
  return kernel;
}
const cell = (k: NotebookKernel, name: string) => k.cells().find((c) => c.name === name)!;

/** Runs a protected function body with a guard that counts its calls by site. */
function protectedRun(source: string): { value: unknown; calls: number[] } {
  const { body, sites } = protectLoops(`() => {\n${source}\n}`, source, "guard");
  const calls = sites.map(() => 0);
  const value = new Function("guard", `return (${body})();`)((k: number) => {
    calls[k]++;
  });
  return { value, calls };
}

describe("loop protection (the transform)", () => {
  it("guards every loop body and function entry, with the line each is on, and keeps what the code computes", () => {
    const source = [
      "let s = 0;",
      "for (let i = 0; i < 3; i++) s += i;",
      "outer: for (const a of [1, 2]) { for (const b in {x: 1, y: 2}) { if (b === 'y') continue outer; s += a; } }",
      "let n = 3; while (n > 0) n--;",
      "do s++; while (s < 10)",
      "const twice = (x) => x * 2, obj = (k) => ({k});",
      "function f(k) { 'use strict'; return k ? f(k - 1) + 1 : 0; }",
      "return [s, twice(4), obj(1).k, f(3)];",
    ].join("\n");
    const { body, sites } = protectLoops(`() => {\n${source}\n}`, source, "guard");
    expect(sites).toEqual([
      { kind: "loop", line: 2 },
      { kind: "loop", line: 3 },
      { kind: "loop", line: 3 },
      { kind: "loop", line: 4 },
      { kind: "loop", line: 5 },
      { kind: "function", line: 6 },
      { kind: "function", line: 6 },
      { kind: "function", line: 7 },
    ]);
    expect(body).toContain("{ 'use strict';;guard(7);"); // the directive stays first
    const { value, calls } = protectedRun(source);
    expect(value).toEqual([10, 8, 1, 3]);
    expect(calls).toEqual([3, 2, 4, 3, 4, 1, 1, 4]);
  });

  it("keeps a directive without a semicolon a directive, and the code valid", () => {
    const { value, calls } = protectedRun('function f() {\n  "use strict"\n  return this\n}\nreturn f();');
    expect(value).toBeUndefined(); // strict: no this
    expect(calls).toEqual([1]);
  });

  it("finds a loop's line by its place in the code, not by text that looks like it in a string or comment", () => {
    const source = 'const s = "while (true)"; // while (true)\nlet n = 0;\nwhile (true) { if (++n > 2) break; }\nreturn n;';
    const { sites } = protectLoops(`() => {\n${source}\n}`, source, "guard");
    expect(sites).toEqual([{ kind: "loop", line: 3 }]);
  });

  it("keeps nested single-statement loops and arrows in one piece", () => {
    const { value, calls } = protectedRun("let c = 0;\nfor (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) c++\nconst k = () => () => c\nreturn k()();");
    expect(value).toBe(6);
    expect(calls).toEqual([2, 6, 1, 1]);
  });
});

describe("LoopWatch", () => {
  it("throws in the loop that keeps the thread busy past its limit, naming its line, and gives the next cell a fresh allowance", () => {
    const watch = new LoopWatch(50);
    const guard = watch.guardFor("spin", [{ kind: "loop", line: 3 }]);
    const started = performance.now();
    expect(() => {
      for (;;) guard(0);
    }).toThrow("loop ran longer than 0.05 s (line 3); is it infinite?");
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    // Caught and looped again, the same cell trips at once; another cell starts afresh.
    expect(() => {
      for (let i = 0; i < 10; i++) guard(0);
    }).toThrow(/loop ran longer/);
    const other = watch.guardFor("other", [{ kind: "loop" }]);
    expect(() => {
      for (let i = 0; i < 10_000; i++) other(0);
    }).not.toThrow();
  });

  it("lets a loop that yields to the event loop run as long as it likes", async () => {
    const watch = new LoopWatch(30);
    const guard = watch.guardFor("epochs", [{ kind: "loop", line: 1 }]);
    const started = performance.now();
    while (performance.now() - started < 150) {
      for (let i = 0; i < 1000; i++) guard(0);
      await new Promise((r) => setTimeout(r, 5));
    }
  });

  it("catches a loop that only awaits microtasks", async () => {
    const guard = new LoopWatch(30).guardFor("micro", [{ kind: "loop", line: 2 }]);
    await expect(
      (async () => {
        for (;;) {
          guard(0);
          await null;
        }
      })(),
    ).rejects.toThrow("loop ran longer than 0.03 s (line 2)");
  });
});

describe("a notebook with a runaway loop", () => {
  it("reports the loop in its own cell, line and all; the other cells compute, and an edit fixes it", async () => {
    const kernel = start(["const a = 1", "let n = 0;\nwhile (true) {\n  n++;\n}", "const b = a + 1", "const c = (() => { let s = 0; for (let i = 0; i < 1e5; i++) s += i; return s; })()"], {
      loopLimitMs: 200,
    });
    await kernel.settled();
    expect(cell(kernel, "n").error).toHaveProperty("message", "loop ran longer than 0.2 s (line 2); is it infinite?");
    expect(cell(kernel, "b")).toMatchObject({ status: "ok", value: 2 });
    expect(cell(kernel, "c")).toMatchObject({ status: "ok", value: 4999950000 });
    kernel.redefine("n", "3");
    await kernel.settled();
    expect(cell(kernel, "n")).toMatchObject({ status: "ok", value: 3 });
  });

  it("gives each cell its own allowance: cells that are each busy a while, computed in one task, are all fine", async () => {
    const busy = (name: string) => `const ${name} = (() => { const end = performance.now() + 120; let n = 0; while (performance.now() < end) n++; return n > 0; })()`;
    const kernel = start(["a", "b", "c", "d", "e", "f"].map(busy), { loopLimitMs: 300 });
    await kernel.settled();
    expect(kernel.cells().map((c) => [c.name, c.status, c.error === undefined ? "" : String(c.error)])).toEqual(["a", "b", "c", "d", "e", "f"].map((n) => [n, "ok", ""]));
  });

  it("keeps its own names to itself: a cell cannot declare or read them", async () => {
    const kernel = start(["const __scanbook_loop = () => {};\nlet q = 0;\nfor (;;) q++;", "const b = 2"], { loopLimitMs: 200 });
    await kernel.settled();
    expect((kernel.cells()[0].error as Error).message).toBe("names that start with __scanbook_ are Scanbook's own; rename yours");
    expect(cell(kernel, "b")).toMatchObject({ status: "ok", value: 2 });
  });

  it("stops runaway recursion that catches its own errors", async () => {
    const kernel = start(["function f(k) { try { return f(k + 1) + f(k + 1); } catch { return f(k); } }\nconst r = f(0);"], { loopLimitMs: 200 });
    await kernel.settled();
    expect((cell(kernel, "r").error as Error).message).toMatch(/^function \(line 1\) kept the thread busy longer than 0.2 s; is its recursion infinite\?$/);
  });

  it("throws at a headless command's deadline, whatever the limit", async () => {
    const kernel = start(["let n = 0;\nfor (;;) n++;"], { loopLimitMs: 60_000, loopDeadline: performance.now() + 300 });
    await kernel.settled();
    expect(cell(kernel, "n").error).toHaveProperty("message", "loop still running at the 60 s timeout (line 2); is it infinite?");
  });
});
