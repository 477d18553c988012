import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { nodeSpawn } from "../../kernel/worker/node_transport.ts";
import { notebookHtml, openTest } from "../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});
const cell = (k: NotebookKernel, name: string) => k.cells().find((c) => c.name === name)!;

describe("every job a cell starts is its own, also after an await", () => {
  it("cancels a job started after an await when its cell is invalidated mid-job, and counts the time to that cell", async () => {
    // The engine in a real worker thread, so the job is running when the edit comes.
    const { kernel } = openTest(
      notebookHtml([
        `import {randn, conv2d} from "scanbook";`,
        "const size = 1200",
        "const slow = await new Promise((r) => setTimeout(r, 5)).then(() => conv2d(randn([1, 1, size, size]), {weight: randn([32, 1, 9, 9])}))",
      ]),
      { spawn: nodeSpawn },
    );
    open.push(kernel);
    // Once the cell ran and its await passed, give the worker a moment to start the job (it runs far longer).
    while (kernel.stats().slow.runs < 1) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 60));
    expect(cell(kernel, "slow").status).toBe("pending");
    kernel.redefine("size", "28");
    await kernel.settled();
    expect(kernel.engine.client.cancelledJobs).toBeGreaterThan(0);
    expect(cell(kernel, "slow")).toMatchObject({ status: "ok" });
    expect((cell(kernel, "slow").value as LayerValue).shape).toEqual([1, 32, 20, 20]);
    const stats = kernel.stats();
    expect(stats.slow.jobMs).toBeGreaterThan(0);
    expect(stats["cell 1"].jobMs).toBe(0);
  });

  it("binds the library a cell reads from another cell to its own run, the module as a whole too", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import * as sb from "scanbook";`,
        `import {randn} from "scanbook";`,
        "const a = await Promise.resolve().then(() => randn([2, 2]))",
        "const b = await Promise.resolve().then(() => sb.relu(a))",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    expect((cell(kernel, "a").value as LayerValue).label).toBe("a");
    expect((cell(kernel, "b").value as LayerValue).label).toBe("b");
    const stats = kernel.stats();
    expect(stats.a.jobMs + stats.b.jobMs).toBeGreaterThan(0);
    expect(stats["cell 1"].jobMs + stats["cell 2"].jobMs).toBe(0);
  });

  it("lets a cell that never awaits call the importing cell's layers (no library made for it), and still counts its jobs to it", async () => {
    const { kernel } = openTest(notebookHtml([`import {randn, relu, train} from "scanbook";`, "const a = relu(randn([64, 64]))", "const later = () => relu(a)"]));
    open.push(kernel);
    let made = 0;
    const handles = (kernel as unknown as { context: { handles: { forRun(run: unknown): unknown } } }).context.handles;
    const forRun = handles.forRun.bind(handles);
    handles.forRun = (run) => {
      made++;
      return forRun(run);
    };
    await kernel.settled();
    const stats = kernel.stats();
    expect(stats.a.jobMs).toBeGreaterThan(0);
    expect(stats["cell 1"].jobMs).toBe(0);
    // The import cell makes one; `a` (synchronous) none; `later` defines a function that may run after the cell: its own.
    expect(made).toBe(2);
  });
});

describe("training.html's cross-validation, edited mid-way", () => {
  it("stops the trainings of the old learning rates (started after awaits) and computes the new ones", async () => {
    const html = readFileSync(new URL("../../notebooks/training.html", import.meta.url), "utf8");
    const { kernel } = openTest(html, { spawn: nodeSpawn });
    open.push(kernel);
    // Once the cross-validation is training (its 12 trainings start one after another, each after an await)...
    while (cell(kernel, "folds").status !== "ok" || !kernel.engine.background.size) {
      expect(cell(kernel, "crossValidation").status, "the cross-validation ended before it could be edited").toBe("pending");
      await new Promise((r) => setTimeout(r, 2));
    }
    const cancelledBefore = kernel.engine.client.cancelledJobs;
    kernel.redefine("learningRates", "[0.05]");
    await kernel.settled();
    // ...the training running at the edit is cancelled, and the old loop starts no more.
    expect(kernel.engine.client.cancelledJobs).toBeGreaterThan(cancelledBefore);
    const rows = cell(kernel, "crossValidation").value as Array<{ lr: number; foldAccuracy: number[] }>;
    expect(rows.map((r) => r.lr)).toEqual([0.05]);
    expect(rows[0].foldAccuracy).toHaveLength(4);
  }, 120_000);
});
