import { openHeadless } from "../kernel/dataflow/headless.ts";
import type { NotebookKernel } from "../kernel/dataflow/notebook.ts";
import { lenetBenchHtml } from "./lenet_notebook.ts";
import { scanbookLibrary } from "../cells/library.ts";

export interface ReactiveRow {
  edit: string;
  medianMs: number;
  p95Ms: number;
  /** Re-running every cell of the notebook, median. */
  fullMedianMs: number;
  /** Edit median / full re-run median. */
  ratio: number;
}

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

/** Edits the cell that defines `name` as the page applies an edited cell (Shift-Enter), `edits` times after `warmup`. */
async function timeEdits(kernel: NotebookKernel, name: string, shape: string, edits: number, warmup: number): Promise<number[]> {
  const id = kernel.cells().find((c) => c.name === name)?.cell;
  if (id === undefined) throw new Error(`bench notebook: no cell named ${name}`);
  const times: number[] = [];
  for (let i = 0; i < warmup + edits; i++) {
    const t0 = performance.now();
    kernel.setCell({ id, mode: "js", value: `const ${name} = randn(${shape}, {seed: ${1000 + i}, std: 0.1});`, pinned: false, hidden: false });
    await kernel.settled();
    if (i >= warmup) times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

/**
 * Edit latency of the LeNet notebook with the engine in a worker thread: the time from
 * applying an edit of one weight cell (new code, as the page applies it) to settled (every downstream layer, the loss and all ten
 * gradients computed), against re-running the whole notebook.
 */
export async function reactiveBench(edits: number): Promise<ReactiveRow[]> {
  const kernel = openHeadless(lenetBenchHtml(), { library: scanbookLibrary });
  try {
    await kernel.settled();
    for (const c of kernel.cells()) if (c.status !== "ok") throw new Error(`bench notebook: ${c.name}: ${String(c.error)}`);
    const warmup = Math.min(20, edits);
    const full: number[] = [];
    for (let i = 0; i < warmup + Math.max(10, Math.floor(edits / 4)); i++) {
      const t0 = performance.now();
      kernel.rerunAll();
      await kernel.settled();
      if (i >= warmup) full.push(performance.now() - t0);
    }
    full.sort((a, b) => a - b);
    const fullMedian = quantile(full, 0.5);
    const rows: ReactiveRow[] = [];
    for (const [edit, name, shape] of [
      ["conv1 weight", "w1", "[6, 1, 5, 5]"],
      ["last linear weight", "w5", "[10, 84]"],
    ]) {
      const times = await timeEdits(kernel, name, shape, edits, warmup);
      const median = quantile(times, 0.5);
      rows.push({ edit, medianMs: median, p95Ms: quantile(times, 0.95), fullMedianMs: fullMedian, ratio: median / fullMedian });
    }
    return rows;
  } finally {
    kernel.dispose();
  }
}
