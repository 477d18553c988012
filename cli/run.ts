import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { openHeadless } from "../kernel/dataflow/headless.ts";
import { messageOf } from "../kernel/dataflow/errors.ts";
import type { NotebookKernel } from "../kernel/dataflow/notebook.ts";
import { formatSummary, summarizeValue, type ValueSummary } from "../kernel/dataflow/value_summary.ts";
import { scanbookLibrary } from "../cells/library.ts";

const USAGE = "usage: scanbook run NOTEBOOK [--edit NAME=EXPRESSION ...] [--json] [--timeout SECONDS]";

interface RunArgs { file: string; edits: Array<[string, string]>; json: boolean; timeoutS: number }

function parseArgs(args: string[]): RunArgs | string {
  let file: string | undefined;
  const edits: Array<[string, string]> = [];
  let json = false, timeoutS = 120;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--json") json = true;
    else if (a === "--edit" || a.startsWith("--edit=")) {
      const spec = a === "--edit" ? args[++i] : a.slice("--edit=".length);
      const eq = spec?.indexOf("=") ?? -1;
      if (!spec || eq < 1) return `--edit expects NAME=EXPRESSION, got ${spec ?? "nothing"}`;
      edits.push([spec.slice(0, eq).trim(), spec.slice(eq + 1)]);
    } else if (a === "--timeout") {
      timeoutS = Number(args[++i]);
      if (!(timeoutS > 0)) return `--timeout expects seconds, got ${args[i]}`;
    } else if (a.startsWith("-")) return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `one notebook expected, got also ${a}`;
  }
  return file ? { file, edits, json, timeoutS } : "a notebook file is required";
}

/** Waits for the notebook to settle, or reports that it did not within the time given. */
async function settle(kernel: NotebookKernel, timeoutS: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((r) => { timer = setTimeout(() => r(false), timeoutS * 1000); });
  const done = await Promise.race([kernel.settled().then(() => true), timeout]);
  clearTimeout(timer);
  return done;
}

/**
 * `scanbook run NOTEBOOK`: evaluates the notebook headless, waits until settled, prints each
 * cell; with --edit, redefines the named cells, waits again and lists what ran again.
 * Exit 0 all ok, 1 a cell ended in an error (or never settled), 2 bad command line or file.
 */
export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") { console.error(`run: ${parsed}\n${USAGE}`); return 2; }
  let html: string;
  try {
    html = readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), parsed.file), "utf8");
  } catch (error) {
    console.error(`run: cannot read ${parsed.file}: ${(error as Error).message}`);
    return 2;
  }
  let kernel: NotebookKernel;
  // A cell's stray async error (a timer, a generator) is reported, never a crash of the run.
  const stray = (error: unknown) => console.error(`run: an error outside any cell: ${messageOf(error)}`);
  process.on("uncaughtException", stray);
  process.on("unhandledRejection", stray);
  try {
    kernel = openHeadless(html, { library: scanbookLibrary });
  } catch (error) {
    console.error(`run: ${parsed.file}: ${(error as Error).message}`);
    process.off("uncaughtException", stray);
    process.off("unhandledRejection", stray);
    return 2;
  }
  try {
    let settled = await settle(kernel, parsed.timeoutS);
    let recomputed: string[] | undefined;
    if (parsed.edits.length && settled) {
      const before = kernel.stats();
      for (const [name, expression] of parsed.edits) {
        try {
          kernel.redefine(name, expression);
        } catch (error) {
          console.error(`run: --edit ${name}: ${(error as Error).message}`);
          return 2;
        }
      }
      settled = await settle(kernel, parsed.timeoutS);
      const after = kernel.stats();
      recomputed = Object.keys(after).filter((n) => after[n].runs > (before[n]?.runs ?? 0));
    }
    const cells = await Promise.all(kernel.cells().map(async (c) => {
      const pending = c.status === "pending";
      const error = pending ? `did not settle within ${parsed.timeoutS} s` : c.status === "error" ? messageOf(c.error) : null;
      let summary: ValueSummary = null;
      if (c.status === "ok") summary = await summarizeValue(c.value).catch((e: Error) => `unreadable: ${e.message}`);
      return { name: c.name, status: error === null ? "ok" : "error", summary, error, ...(c.waitsOn ? { waitsOn: c.waitsOn } : {}) };
    }));
    if (parsed.json) {
      console.log(JSON.stringify({ cells, ...(recomputed ? { recomputed } : {}), stats: kernel.stats() }, null, 2));
    } else {
      const width = Math.max(4, ...cells.map((c) => c.name.length));
      for (const c of cells) {
        const detail = c.error === null ? formatSummary(c.summary) : `${c.waitsOn ? `(waits on ${c.waitsOn}) ` : ""}${c.error}`;
        console.log(`${c.name.padEnd(width)}  ${c.status.padEnd(5)}  ${detail}`);
      }
      if (recomputed) console.log(`recomputed: ${recomputed.join(", ") || "(none)"}`);
    }
    return !settled || cells.some((c) => c.status === "error") ? 1 : 0;
  } finally {
    kernel.dispose();
    process.off("uncaughtException", stray);
    process.off("unhandledRejection", stray);
  }
}
