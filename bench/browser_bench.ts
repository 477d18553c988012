import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ISOLATION_HEADERS } from "../app/server/plugin.ts";
import type { BenchAnswer } from "./browser/protocol.ts";
import { multiplyAdds, workloads } from "./workloads.ts";

/** Debian's Chromium and the flags it is started with, here and by the browser tests (test/browser/harness.ts). */
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export interface BrowserRow {
  workload: string;
  label: string;
  ms: Record<string, number>;
  gflops: Record<string, number>;
  /** tfjs-wasm's time over ours (all threads): above 1, ours is faster. */
  speedup: number;
}

export interface BrowserReport {
  rows: BrowserRow[];
  /** What each side ran with (threads, SIMD, FMA) and whether the page was cross-origin isolated. */
  about: string[];
  isolated: boolean;
}

/**
 * The forward workloads in Chromium: our engine's kernels in a Web Worker (with its kernel
 * threads: the page is served cross-origin isolated, as the app is) against tfjs-wasm in a
 * Web Worker of the same page (with its own threads). A Vite dev server serves the page
 * (bench/browser/); tfjs-backend-wasm's binaries come from its npm package.
 */
export async function browserBench(only: string[] | null, quick: boolean): Promise<BrowserReport> {
  if (!existsSync(CHROMIUM)) throw new Error(`bench --browser: needs Chromium at ${CHROMIUM} (Debian's chromium package)`);
  const root = fileURLToPath(new URL("./browser/", import.meta.url));
  const repo = fileURLToPath(new URL("..", import.meta.url));
  // The page and its workers are served from their sources, with tfjs and playwright-core: a checkout's development dependencies.
  let wasmDir: string;
  try {
    if (!existsSync(join(root, "index.html"))) throw new Error("no page");
    wasmDir = dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
  } catch {
    throw new Error("bench --browser runs from a scanbook checkout, with its development dependencies (tfjs, playwright-core)");
  }
  const { createServer } = await import("vite");
  const { chromium } = await import("playwright-core");
  const server = await createServer({
    root,
    configFile: false,
    logLevel: "error",
    server: { port: 0, host: "127.0.0.1", headers: ISOLATION_HEADERS, fs: { allow: [repo, wasmDir] } },
    worker: { format: "es" },
  });
  await server.listen();
  const address = server.httpServer!.address();
  const profile = mkdtempSync(join(tmpdir(), "sb-bench-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  try {
    if (!address || typeof address === "string") throw new Error("bench --browser: the page server has no port");
    const chosen = (only ?? workloads.map((w) => w.id)).filter((id) => workloads.some((w) => w.id === id));
    const query = new URLSearchParams({ only: chosen.join(","), wasm: `/@fs${wasmDir}/` });
    if (quick) query.set("quick", "");
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${address.port}/index.html?${query}`);
    await page.waitForFunction(() => (globalThis as { benchResults?: unknown }).benchResults !== undefined, undefined, { timeout: 300_000 });
    const results = (await page.evaluate(() => (globalThis as { benchResults?: unknown }).benchResults)) as { answers?: BenchAnswer[]; error?: string; isolated: boolean };
    if (!results.answers) throw new Error(`bench --browser: ${results.error}`);
    const rows = chosen.map((id): BrowserRow => {
      const w = workloads.find((x) => x.id === id)!;
      const ms = Object.assign({}, ...results.answers!.map((a) => a.ms[id])) as Record<string, number>;
      const flops = 2 * multiplyAdds(w);
      const gflops = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, flops / (v * 1e6)]));
      return { workload: id, label: w.label, ms, gflops, speedup: ms["tfjs-wasm"] / ms["scanbook-wasm"] };
    });
    return { rows, about: results.answers.map((a) => a.about), isolated: results.isolated };
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export function printBrowser(report: BrowserReport): void {
  console.log("");
  console.log(`browser: forward passes in Chromium Web Workers (${report.isolated ? "cross-origin isolated" : "NOT cross-origin isolated"}; ${report.about.join("; ")})`);
  const columns = ["scanbook-wasm", "scanbook-wasm-1t", "tfjs-wasm"];
  const header = ["workload".padEnd(48), ...columns.map((c) => `${c} ms`.padStart(20)), ...columns.map((c) => `${c} GFLOP/s`.padStart(25)), "x vs tfjs-wasm".padStart(15)];
  console.log(header.join("  "));
  for (const r of report.rows) {
    const cells = [
      `(${r.workload}) ${r.label}`.padEnd(48),
      ...columns.map((c) => r.ms[c].toFixed(3).padStart(20)),
      ...columns.map((c) => r.gflops[c].toFixed(2).padStart(25)),
      r.speedup.toFixed(2).padStart(15),
    ];
    console.log(cells.join("  "));
  }
}
