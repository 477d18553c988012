import { afterEach, describe, expect, it } from "vitest";
import type { Cell } from "@observablehq/notebook-kit";
import type { CellState, NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { IMPORTS, notebookHtml, openTest, ranAgain } from "../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});
function start(sources: string[], options = {}) {
  const t = openTest(notebookHtml(sources), options);
  open.push(t.kernel);
  return t.kernel;
}
const js = (id: number, value: string): Cell => ({ id, value, mode: "js", pinned: false, hidden: false });
const state = (k: NotebookKernel, name: string) => k.cells().find((c) => c.name === name);

const NET = [IMPORTS, "const x = randn([1, 1, 8, 8], {seed: 1})", "const w = randn([2, 1, 3, 3], {seed: 2})", "const y = conv2d(x, {weight: w})", "const z = relu(y)", "const other = 41 + 1"];
const cellsOf = (sources: string[]) => sources.map((s, i) => js(i + 1, s));

describe("NotebookKernel.setCell", () => {
  it("recomputes the edited cell and its dependents only, with the new code's value", async () => {
    const kernel = start(NET);
    await kernel.settled();
    const before = kernel.stats();
    kernel.setCell(js(4, "const y = conv2d(x, {weight: w, padding: 1})"));
    await kernel.settled();
    expect(ranAgain(before, kernel.stats()).sort()).toEqual(["y", "z"]);
    expect((state(kernel, "z")!.value as LayerValue).shape).toEqual([1, 2, 8, 8]);
    expect(state(kernel, "other")!.value).toBe(42);
  });

  it("follows a renamed declaration: the old name's readers fail, the new name is reported", async () => {
    const kernel = start(NET);
    await kernel.settled();
    kernel.setCell(js(4, "const y2 = conv2d(x, {weight: w})"));
    await kernel.settled();
    expect(kernel.cells().map((c) => c.name)).toEqual(["cell 1", "x", "w", "y2", "z", "other"]);
    expect(state(kernel, "z")!.status).toBe("error");
    expect(String((state(kernel, "z")!.error as Error).message)).toMatch(/y is not defined/);
    kernel.setCell(js(5, "const z = relu(y2)"));
    await kernel.settled();
    expect(state(kernel, "z")!.status).toBe("ok");
  });

  it("adds a new cell after the others, or before a given one", async () => {
    const kernel = start(NET);
    await kernel.settled();
    kernel.setCell(js(10, "const s = z.shape.join('x')"));
    kernel.setCell(js(11, "const first = 'a'"), 1);
    await kernel.settled();
    expect(kernel.cells().map((c) => c.name)).toEqual(["first", "cell 1", "x", "w", "y", "z", "other", "s"]);
    expect(state(kernel, "s")!.value).toBe("1x2x6x6");
  });

  it("reports a syntax error in the edited cell and recovers on the next edit", async () => {
    const kernel = start(NET);
    await kernel.settled();
    kernel.setCell(js(6, "const other = (41 +"));
    await kernel.settled();
    const failed = kernel.cells().find((c) => c.cell === 6)!;
    expect(failed.status).toBe("error");
    expect((failed.error as Error).message).toMatch(/^SyntaxError/);
    kernel.setCell(js(6, "const other = 7"));
    await kernel.settled();
    expect(state(kernel, "other")!.value).toBe(7);
  });
});

describe("NotebookKernel.removeCell and update", () => {
  it("removeCell takes the cell's names away; readers wait on nothing and fail with 'not defined'", async () => {
    const kernel = start(NET);
    await kernel.settled();
    kernel.removeCell(3);
    await kernel.settled();
    expect(kernel.cells().map((c) => c.name)).not.toContain("w");
    expect((state(kernel, "y")!.error as Error).message).toMatch(/w is not defined/);
  });

  it("update recomputes changed cells, adds new ones, drops removed ones, keeps the rest and their values", async () => {
    const kernel = start(NET);
    await kernel.settled();
    const x = state(kernel, "x")!.value;
    const before = kernel.stats();
    const next = cellsOf(NET);
    next[2] = js(3, "const w = randn([3, 1, 3, 3], {seed: 2})"); // changed
    next.splice(5, 1); // "other" removed
    next.push(js(7, "const n = z.shape[1]")); // added
    const touched = kernel.update(next);
    await kernel.settled();
    expect(touched.sort()).toEqual([3, 6, 7]);
    expect(ranAgain(before, kernel.stats()).sort()).toEqual(["n", "w", "y", "z"]);
    expect(state(kernel, "x")!.value).toBe(x); // the same handle: not recomputed
    expect(state(kernel, "n")!.value).toBe(3);
    expect(kernel.cells().map((c) => c.name)).toEqual(["cell 1", "x", "w", "y", "z", "n"]);
  });

  it("update with the same cells touches nothing", async () => {
    const kernel = start(NET);
    await kernel.settled();
    const before = kernel.stats();
    expect(kernel.update(cellsOf(NET))).toEqual([]);
    await kernel.settled();
    expect(ranAgain(before, kernel.stats())).toEqual([]);
  });

  it("does not leak tensors when a cell is replaced many times", async () => {
    const kernel = start(NET);
    await kernel.settled();
    const first = await kernel.tensorCount();
    for (let i = 0; i < 50; i++) {
      kernel.setCell(js(4, `const y = conv2d(x, {weight: w, padding: ${i % 2}})`));
      await kernel.settled();
    }
    expect(await kernel.tensorCount()).toBe(first);
  });
});

describe("KernelHost", () => {
  it("hears every change of status, and gives cells that call display their own display", async () => {
    const heard: Array<[string, CellState["status"]]> = [];
    const shown: Array<[number, unknown]> = [];
    const kernel = start(["const a = 1", "display(a + 1); display('two')", "const b = a * 10"], {
      host: {
        changed: (s: CellState) => heard.push([s.name, s.status]),
        displayFor: (cell: number) => ({
          display: (v: unknown) => {
            shown.push([cell, v]);
            return v;
          },
          view: (v: unknown) => v,
        }),
      },
    });
    await kernel.settled();
    expect(shown).toEqual([
      [2, 2],
      [2, "two"],
    ]);
    expect(heard).toContainEqual(["b", "ok"]);
    expect(heard.filter(([n]) => n === "a").map(([, s]) => s)).toEqual(["pending", "ok"]);
    expect(kernel.layout().map((l) => [l.id, l.names, l.displays, l.autodisplay])).toEqual([
      [1, ["a"], false, false],
      [2, ["cell 2"], true, false],
      [3, ["b"], false, false],
    ]);
  });
});
