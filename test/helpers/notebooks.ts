import { readFileSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { openHeadless, type HeadlessOptions } from "../../kernel/dataflow/headless.ts";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import type { EngineHandler } from "../../kernel/worker/handler.ts";
import { inProcessSpawn } from "../../kernel/worker/in_process.ts";
import { headlessLibrary } from "../../app/headless_library.ts";

/** A notebook file with one JavaScript cell per source, ids from 1. */
export function notebookHtml(cells: string[]): string {
  const scripts = cells.map((source, i) => `  <script id="${i + 1}" type="module">\n${source}\n  </script>`).join("\n");
  return `<!doctype html>\n<notebook>\n  <title>test</title>\n${scripts}\n</notebook>\n`;
}

export const lenetHtml = () => readFileSync(new URL("../../notebooks/lenet.html", import.meta.url), "utf8");

/** Opens a notebook with the engine in process, exposing its handler for counts of jobs. */
export function openTest(html: string, options: Partial<HeadlessOptions> = {}): { kernel: NotebookKernel; handler: () => EngineHandler } {
  let handler: EngineHandler | undefined;
  const kernel = openHeadless(html, {
    spawn: inProcessSpawn((h) => {
      handler = h;
    }),
    library: headlessLibrary,
    ...options,
  });
  return { kernel, handler: () => handler! };
}

/** Which names ran again between two stats() snapshots. */
export function ranAgain(before: Record<string, { runs: number }>, after: Record<string, { runs: number }>): string[] {
  return Object.keys(after).filter((name) => after[name].runs > (before[name]?.runs ?? 0));
}

export const IMPORTS = `import {tensor, randn, zeros, conv1d, conv2d, relu, maxPool2d, flatten, linear, crossEntropy, mse, grad, summary} from "scanbook";`;

/** A bundled notebook of notebooks/, opened headless and settled; `value(name)` reads a cell. */
export async function settledNotebook(file: string, options: Partial<HeadlessOptions> = {}) {
  const { kernel } = openTest(readFileSync(new URL(`../../notebooks/${file}`, import.meta.url), "utf8"), options);
  await kernel.settled();
  const find = (name: string) => {
    const cell = kernel.cells().find((c) => c.name === name);
    if (!cell) throw new Error(`${file} has no cell ${name}`);
    return cell;
  };
  return {
    kernel,
    value: <T = unknown>(name: string): T => {
      const cell = find(name);
      if (cell.status !== "ok") throw new Error(`${file}: ${name} is ${cell.status}: ${String(cell.error)}`);
      return cell.value as T;
    },
    failed: () =>
      kernel
        .cells()
        .filter((c) => c.status !== "ok")
        .map((c) => `${c.name}: ${String(c.error)}`),
  };
}

/** One bundled notebook for a test file: opened and settled before its tests, disposed after. */
export function useSettledNotebook(file: string, options: Partial<HeadlessOptions> = {}, timeoutMs = 120_000) {
  let opened: Awaited<ReturnType<typeof settledNotebook>> | undefined;
  beforeAll(async () => {
    opened = await settledNotebook(file, options);
  }, timeoutMs);
  afterAll(() => opened?.kernel.dispose());
  return {
    get kernel() {
      return opened!.kernel;
    },
    value: <T = unknown>(name: string): T => opened!.value<T>(name),
    failed: () => opened!.failed(),
  };
}
