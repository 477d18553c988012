import { afterEach, describe, expect, it } from "vitest";
import type { CellState, NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { nodeSpawn } from "../../kernel/worker/node_transport.ts";
import { notebookHtml, openTest } from "../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

/** Opens a notebook with the engine in a worker thread, recording every status change in order. */
function start(sources: string[], budget?: number) {
  const heard: Array<[string, CellState["status"]]> = [];
  const { kernel } = openTest(notebookHtml(sources), { spawn: nodeSpawn, host: { changed: (s: CellState) => heard.push([s.name, s.status]) }, ...(budget ? { tensorBudgetBytes: budget } : {}) });
  open.push(kernel);
  return { kernel, heard };
}
const when = (heard: Array<[string, string]>, name: string, status: string) => heard.findIndex(([n, s]) => n === name && s === status);

describe("shapes before values", () => {
  it("a summary is ok while the layers it describes are still computing in the worker", async () => {
    const { kernel, heard } = start([
      `import {randn, conv2d, relu, summary} from "scanbook";`,
      "const x = randn([4, 3, 400, 400], {seed: 1})",
      "const conv = relu(conv2d(x, {weight: randn([16, 3, 7, 7], {seed: 2})}))",
      "const s = summary(conv)",
    ]);
    await kernel.settled();
    for (const c of kernel.cells()) expect(c.status, c.name).toBe("ok");
    expect(when(heard, "s", "ok")).toBeGreaterThanOrEqual(0);
    expect(when(heard, "s", "ok")).toBeLessThan(when(heard, "conv", "ok"));
    expect(String(kernel.cells().find((c) => c.name === "s")!.value)).toMatch(/^2 layers|^3 layers/);
  }, 60_000);

  it("a worker error still lands in the cell whose tensor failed; the cells after it wait on it", async () => {
    const { kernel } = start(
      [
        `import {randn, upsample2d, relu, summary} from "scanbook";`,
        "const x = randn([1, 1, 4, 4], {seed: 1})",
        "const big = upsample2d(x, {scaleFactor: 3000000})",
        "const after = relu(big)",
        "const s = summary(after)",
      ],
      Infinity,
    ); // no budget: the worker is the one to find it cannot allocate the tensor
    await kernel.settled();
    const cell = (name: string) => kernel.cells().find((c) => c.name === name)!;
    expect(cell("big").status).toBe("error");
    expect((cell("big").error as Error).message).toMatch(/^upsample2d "big": /);
    expect(cell("big").waitsOn).toBeUndefined();
    expect(cell("after")).toMatchObject({ status: "error", waitsOn: "big" });
    expect(cell("s").status).toBe("ok"); // shapes alone: the summary holds no tensor
    expect(cell("x").status).toBe("ok");
  }, 60_000);
});
