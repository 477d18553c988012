import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { oneExpression } from "../kernel/dataflow/edit_expression.ts";
import { messageOf } from "../kernel/dataflow/errors.ts";
import type { NotebookKernel } from "../kernel/dataflow/notebook.ts";
import type { ValueSummary } from "../kernel/dataflow/value_summary.ts";
import { Deadline, parseTensorBudget, parseTimeout } from "./run_limits.ts";
import { StrayErrors } from "./stray_errors.ts";
import { Watchdog } from "./watchdog.ts";

const USAGE = "usage: scanbook run NOTEBOOK [--edit NAME=EXPRESSION ...] [--json] [--timeout SECONDS] [--tensor-budget GB]";

interface RunArgs { file: string; edits: Array<[string, string]>; json: boolean; timeoutS: number; budgetBytes?: number }

function parseArgs(args: string[]): RunArgs | string {
  let file: string | undefined;
  const edits: Array<[string, string]> = [];
  let json = false, timeoutS = 120, budgetBytes: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--json") json = true;
    else if (a === "--edit" || a.startsWith("--edit=")) {
      const spec = a === "--edit" ? args[++i] : a.slice("--edit=".length);
      const eq = spec?.indexOf("=") ?? -1;
      if (!spec || eq < 1) return `--edit expects NAME=EXPRESSION, got ${spec ?? "nothing"}`;
      const [name, expression] = [spec.slice(0, eq).trim(), spec.slice(eq + 1)];
      try {
        oneExpression(name, expression); // checked before the notebook is loaded
      } catch (error) {
        return (error as Error).message;
      }
      edits.push([name, expression]);
    } else if (a === "--timeout") {
      const seconds = parseTimeout(args[++i]);
      if (typeof seconds === "string") return seconds;
      timeoutS = seconds;
    } else if (a === "--tensor-budget") {
      const bytes = parseTensorBudget(args[++i]);
      if (typeof bytes === "string") return bytes;
      budgetBytes = bytes;
    } else if (a.startsWith("-")) return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `one notebook expected, got also ${a}`;
  }
  return file ? { file, edits, json, timeoutS, budgetBytes } : "a notebook file is required";
}

/** Why a cell has no value at the deadline: still computing, or stopped by the watchdog. */
function unsettled(name: string, timeoutS: number, watchdog: Watchdog): string {
  const stopped = watchdog.fired && watchdog.running.split(", ").includes(name);
  return stopped
    ? `did not settle within ${timeoutS} s: it kept the main thread busy until the watchdog stopped it`
    : `did not settle within ${timeoutS} s`;
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
  // Loaded once the command line is good (a bad one answers at once).
  const [{ openHeadless }, { formatSummary, summarizeValue }, { scanbookLibrary }, { settleWithin }] = await Promise.all([
    import("../kernel/dataflow/headless.ts"), import("../kernel/dataflow/value_summary.ts"), import("../cells/library.ts"),
    import("../kernel/dataflow/settle_within.ts"),
  ]);
  // --timeout bounds the whole command, from here: startup (loading the engine's code) is not the notebook's time.
  const deadline = new Deadline(parsed.timeoutS);
  const watchdog = new Watchdog("run", deadline.epochMs);
  let kernel: NotebookKernel;
  const stray = new StrayErrors("run");
  try {
    // A loop may run as long as the whole run may: at the deadline it throws in its cell.
    kernel = openHeadless(html, {
      library: scanbookLibrary, loopLimitMs: parsed.timeoutS * 1000, loopDeadline: deadline.at, busy: watchdog.busy,
      ...(parsed.budgetBytes ? { tensorBudgetBytes: parsed.budgetBytes } : {}),
    });
  } catch (error) {
    console.error(`run: ${parsed.file}: ${(error as Error).message}`);
    watchdog.dispose();
    stray.dispose();
    return 2;
  }
  try {
    let settled = await settleWithin(kernel, deadline.remainingMs, watchdog.whenFired);
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
      settled = await settleWithin(kernel, deadline.remainingMs, watchdog.whenFired);
      const after = kernel.stats();
      recomputed = Object.keys(after).filter((n) => after[n].runs > (before[n]?.runs ?? 0));
    }
    // Out of time: what the engine still computes is cancelled so the values that settled can
    // be read; should a read still wait, a second past the deadline it is given up.
    if (!settled) kernel.stopComputing();
    const reading = new Deadline(deadline.remainingMs / 1000 + 1);
    const cells = await Promise.all(kernel.cells().map(async (c) => {
      const pending = c.status === "pending";
      const error = pending ? unsettled(c.name, parsed.timeoutS, watchdog) : c.status === "error" ? messageOf(c.error) : null;
      let summary: ValueSummary = null;
      if (c.status === "ok") {
        const read = summarizeValue(c.value).catch((e: Error) => `unreadable: ${e.message}`);
        summary = await reading.race(read, "(not read: the engine was still busy at the timeout)");
      }
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
    return !settled || stray.count || cells.some((c) => c.status === "error") ? 1 : 0;
  } finally {
    kernel.dispose();
    watchdog.dispose();
    stray.dispose();
  }
}
