import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { createAppServer } from "../app/server/app_server.ts";
import { builtFromSources } from "../app/server/source_stamp.ts";
import { CHROMIUM, CHROMIUM_FLAGS } from "./browser_bench.ts";

export interface PageOpenRow {
  /** How the page's script was served: bundled (dist/client) or as source modules through Vite. */
  served: "bundled" | "sources";
  notebook: string;
  /** Median over the warm opens: until the page's script runs its kernel, and until every cell has settled. */
  openMs: number;
  settledMs: number;
  requests: number;
}

/** The notebooks timed: a plain one and the assignment (its checks run in a worker as it opens). */
const NOTEBOOKS = ["lenet.html", "assignment_cnn.html"];

/**
 * How fast the app opens a notebook in Chromium, warm (the server and the browser's cache have
 * seen it once), with the page bundled and with its source modules. The bundle is built first
 * when dist/ is not current (the build skips itself when it is).
 */
export async function pageOpenBench(quick: boolean): Promise<PageOpenRow[]> {
  const repo = fileURLToPath(new URL("..", import.meta.url));
  if (!builtFromSources(repo)) {
    const built = spawnSync(process.execPath, [join(repo, "node_modules/tsx/dist/cli.mjs"), join(repo, "scripts/build.ts")], { cwd: repo, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`bench --browser: npm run build failed: ${built.stderr}`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  const rows: PageOpenRow[] = [];
  const warm = quick ? 2 : 5;
  try {
    for (const served of ["bundled", "sources"] as const) {
      const server = await createAppServer(join(repo, "notebooks"), { server: { port: 0, host: "127.0.0.1" }, logLevel: "silent" }, { sources: served === "sources" });
      await server.listen();
      const port = (server.httpServer!.address() as { port: number }).port;
      const context = await browser.newContext();
      try {
        for (const notebook of NOTEBOOKS) {
          const runs: Array<{ open: number; settled: number; requests: number }> = [];
          for (let i = 0; i <= warm; i++) {
            const page = await context.newPage();
            let requests = 0;
            page.on("request", () => requests++);
            const t0 = performance.now();
            await page.goto(`http://127.0.0.1:${port}/notebooks/${notebook}`);
            await page.waitForFunction(() => (globalThis as { scanbook?: unknown }).scanbook !== undefined, undefined, { timeout: 120_000 });
            const open = performance.now() - t0;
            await page.evaluate(() => (globalThis as unknown as { scanbook: { kernel: { settled(): Promise<void> } } }).scanbook.kernel.settled());
            if (i > 0) runs.push({ open, settled: performance.now() - t0, requests }); // the first open warms up
            await page.close();
          }
          const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
          rows.push({ served, notebook, openMs: median(runs.map((r) => r.open)), settledMs: median(runs.map((r) => r.settled)), requests: median(runs.map((r) => r.requests)) });
        }
      } finally {
        await context.close();
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }
  return rows;
}

export function printPageOpen(rows: readonly PageOpenRow[]): void {
  console.log("");
  console.log("opening a notebook in the app (Chromium, warm; targets: a notebook page under 1.5 s, the assignment settled under 8 s)");
  const header = ["served", "notebook", "page ms", "settled ms", "requests"];
  const lines = rows.map((r) => [r.served, r.notebook, r.openMs.toFixed(0), r.settledMs.toFixed(0), String(r.requests)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cols: string[]) => cols.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(format(header));
  for (const l of lines) console.log(format(l));
}
