import { afterEach, describe, expect, it } from "vitest";
import { createLibrary, LIBRARY_NAMES } from "../../cells/library.ts";
import type { NetworkSummary } from "../../cells/summary.ts";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { Engine, Run } from "../../kernel/dataflow/engine.ts";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { analyzeChain } from "../../kernel/tensor/shapes.ts";
import { inProcessSpawn } from "../../kernel/worker/in_process.ts";
import { IMPORTS, openTest } from "../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});
const cellOf = (k: NotebookKernel, name: string) => k.cells().find((c) => c.name === name)!;

const MIXED = `<!doctype html>
<notebook>
  <script id="1" type="module">
    import {randn, conv1d} from "scanbook";
  </script>
  <script id="2" type="text/x-typescript">
    const k: number = 3;
  </script>
  <script id="3" type="module">
    const stride = view(Inputs.range([1, 4], {step: 1, value: 2, label: "stride"}))
  </script>
  <script id="4" type="module">
    const y = conv1d(randn([1, 1, 20]), {weight: randn([2, 1, k]), stride})
  </script>
  <script id="5" type="module">
    Plot.plot({marks: [Plot.lineY([1, 3, 2])]})
  </script>
  <script id="6" type="text/markdown">
    The output has \${y.shape[2]} positions.
  </script>
  <script id="7" type="module">
    import * as P from "npm:@observablehq/plot";
    const plotType = typeof P.plot
  </script>
  <script id="8" type="module">
    import {thing} from "https://example.invalid/lib.js";
  </script>
</notebook>`;

describe("headless notebooks", () => {
  it("run TypeScript, markdown, Inputs (at their starting value) and Plot without a page or network", async () => {
    const { kernel } = openTest(MIXED);
    open.push(kernel);
    await kernel.settled();
    expect(cellOf(kernel, "k")).toMatchObject({ status: "ok", value: 3 });
    expect(cellOf(kernel, "stride")).toMatchObject({ status: "ok", value: 2 });
    expect((cellOf(kernel, "y").value as LayerValue).shape).toEqual([1, 2, 9]);
    expect(cellOf(kernel, "cell 6").value).toBe("The output has 9 positions.");
    expect((cellOf(kernel, "cell 5").value as { tagName: string }).tagName.toLowerCase()).toBe("svg");
    expect(cellOf(kernel, "plotType").value).toBe("function");
    expect((cellOf(kernel, "cell 8").error as Error).message).toMatch(/^import "https:\/\/example.invalid\/lib.js": not available here/);
  });

  it("summary(...) gives per-layer shapes, parameters, multiply-adds and receptive fields as analyzeChain does", async () => {
    const { kernel } = openTest(`<!doctype html><notebook>
      <script id="1" type="module">${IMPORTS}</script>
      <script id="2" type="module">const x = randn([1, 1, 28, 28])</script>
      <script id="3" type="module">const c1 = conv2d(x, {weight: randn([4, 1, 5, 5]), bias: zeros([4]), stride: 2, padding: 1})</script>
      <script id="4" type="module">const p1 = maxPool2d(relu(c1), {kernelSize: 2})</script>
      <script id="5" type="module">const out = linear(flatten(p1), {weight: randn([10, 144])})</script>
      <script id="6" type="module">const s = summary(out)</script>
    </notebook>`);
    open.push(kernel);
    await kernel.settled();
    const s = cellOf(kernel, "s").value as NetworkSummary;
    const reference = analyzeChain(
      [1, 1, 28, 28],
      [
        { op: "conv2d", weight: [4, 1, 5, 5], bias: [4], options: { stride: 2, padding: 1 } },
        { op: "relu" },
        { op: "max_pool2d", options: { kernelSize: 2 } },
        { op: "flatten" },
        { op: "linear", weight: [10, 144] },
      ],
    );
    expect(s.rows.map((r) => r.op)).toEqual(["input", "conv2d", "relu", "max_pool2d", "flatten", "linear"]);
    // Layers made inline (the relu inside p1, the flatten inside out) are named by their op.
    expect(s.rows.map((r) => r.name)).toEqual(["x", "c1", "relu", "p1", "flatten", "out"]);
    s.rows.slice(1).forEach((row, i) => {
      expect(row.shape).toEqual(reference[i].shape);
      expect(row.params).toBe(reference[i].params);
      expect(row.macs).toBe(reference[i].macs);
      expect(row.receptiveField).toEqual(reference[i].receptiveField);
    });
    expect(s.rows[3].receptiveField).toEqual([
      { size: 7, stride: 4, start: -1 },
      { size: 7, stride: 4, start: -1 },
    ]);
  });

  it("exports exactly the names it lists for import suggestions", () => {
    const engine = new Engine(inProcessSpawn());
    try {
      expect(Object.keys(createLibrary(engine, new Run("t", () => {}))).sort()).toEqual([...LIBRARY_NAMES].sort());
    } finally {
      engine.close();
    }
  });
});
