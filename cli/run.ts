import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { oneExpression } from "../kernel/dataflow/edit_expression.ts";
import { messageOf } from "../kernel/dataflow/errors.ts";
import type { CellState } from "../kernel/dataflow/kernel_types.ts";
import type { NotebookKernel } from "../kernel/dataflow/notebook.ts";
import type { ValueSummary } from "../kernel/dataflow/value_summary.ts";
import { parseCommandLine, usageError } from "./args.ts";
import { commandNamed } from "./commands.ts";
import { Progress, trainingLine } from "./progress.ts";
import { Deadline, parseTensorBudget, parseTimeout } from "./run_limits.ts";
import { StrayErrors } from "./stray_errors.ts";
import { Watchdog } from "./watchdog.ts";

const SPEC = commandNamed("run")!;

interface RunArgs {
  file: string;
  edits: Array<[string, string]>;
  json: boolean;
  timeoutS: number;
  budgetBytes?: number;
}

function parse(args: string[]): RunArgs | string {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "string") return parsed;
  const { values, operands } = parsed;
  if (operands.length === 0) return "a notebook file is required";
  if (operands.length > 1) return `one notebook expected, got also ${operands[1]}`;
  const edits: Array<[string, string]> = [];
  for (const spec of (values.edit as string[] | undefined) ?? []) {
    const eq = spec.indexOf("=");
    if (eq < 1) return `--edit expects NAME=EXPRESSION, got ${spec || "nothing"}`;
    const [name, expression] = [spec.slice(0, eq).trim(), spec.slice(eq + 1)];
    try {
      oneExpression(name, expression); // checked before the notebook is loaded
    } catch (error) {
      return (error as Error).message;
    }
    edits.push([name, expression]);
  }
  let timeoutS = 120,
    budgetBytes: number | undefined;
  if (values.timeout !== undefined) {
    const seconds = parseTimeout(values.timeout as string);
    if (typeof seconds === "string") return seconds;
    timeoutS = seconds;
  }
  if (values["tensor-budget"] !== undefined) {
    const bytes = parseTensorBudget(values["tensor-budget"] as string);
    if (typeof bytes === "string") return bytes;
    budgetBytes = bytes;
  }
  return { file: operands[0], edits, json: values.json === true, timeoutS, budgetBytes };
}

/** A training's state, as the library's train() yields it. */
function isTraining(value: unknown): value is Parameters<typeof trainingLine>[1] {
  return typeof value === "object" && value !== null && "epochs" in value && "epoch" in value && "stepsPerEpoch" in value;
}

function showProgress(progress: Progress, statuses: Map<string, string>, state: CellState, file: string): void {
  statuses.set(state.name, state.status);
  if (state.status === "ok" && isTraining(state.value)) {
    progress.update(trainingLine(state.name, state.value));
    return;
  }
  const settled = [...statuses.values()].filter((s) => s !== "pending").length;
  progress.update(`${file}: ${settled} of ${statuses.size} cells settled`);
}

/** Why a cell has no value at the deadline: still computing, or stopped by the watchdog. */
function unsettled(name: string, timeoutS: number, watchdog: Watchdog): string {
  const stopped = watchdog.fired && watchdog.running.split(", ").includes(name);
  return stopped ? `did not settle within ${timeoutS} s: it kept the main thread busy until the watchdog stopped it` : `did not settle within ${timeoutS} s`;
}

/**
 * `scanbook run NOTEBOOK`: evaluates the notebook headless, waits until settled, prints each
 * cell; with --edit, redefines the named cells, waits again and lists what ran again.
 * Exit 0 all ok, 1 a cell ended in an error (or never settled), 2 bad command line or file.
 */
export async function run(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === "string") return usageError(SPEC, parsed);
  let html: string;
  try {
    html = readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), parsed.file), "utf8");
  } catch (error) {
    console.error(`run: cannot read ${parsed.file}: ${(error as Error).message}`);
    return 2;
  }
  // Loaded once the command line is good (a bad one answers at once).
  const [{ openHeadless }, { formatSummary, summarizeValue }, { headlessLibrary }, { settleWithin }] = await Promise.all([
    import("../kernel/dataflow/headless.ts"),
    import("../kernel/dataflow/value_summary.ts"),
    import("../app/headless_library.ts"),
    import("../kernel/dataflow/settle_within.ts"),
  ]);
  // --timeout bounds the whole command, from here: startup (loading the engine's code) is not the notebook's time.
  const deadline = new Deadline(parsed.timeoutS);
  const watchdog = new Watchdog("run", deadline.epochMs);
  let kernel: NotebookKernel;
  const stray = new StrayErrors("run");
  const progress = new Progress(parsed.json);
  const shownStatus = new Map<string, string>();
  try {
    // A loop may run as long as the whole run may: at the deadline it throws in its cell.
    kernel = openHeadless(html, {
      library: headlessLibrary,
      // On a terminal: cells settled of all, and a training's epoch, loss and accuracy.
      host: progress.enabled ? { changed: (state) => showProgress(progress, shownStatus, state, parsed.file) } : undefined,
      loopLimitMs: parsed.timeoutS * 1000,
      loopDeadline: deadline.at,
      directory: dirname(resolve(process.env.INIT_CWD ?? process.cwd(), parsed.file)),
      busy: watchdog.busy,
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
    progress.done();
    if (!settled) kernel.stopComputing();
    const reading = new Deadline(deadline.remainingMs / 1000 + 1);
    const cells = await Promise.all(
      kernel.cells().map(async (c) => {
        const pending = c.status === "pending";
        const error = pending ? unsettled(c.name, parsed.timeoutS, watchdog) : c.status === "error" ? messageOf(c.error) : null;
        let summary: ValueSummary = null;
        if (c.status === "ok") {
          const read = summarizeValue(c.value).catch((e: Error) => `unreadable: ${e.message}`);
          summary = await reading.race(read, "(not read: the engine was still busy at the timeout)");
        }
        return { name: c.name, status: error === null ? "ok" : "error", summary, error, ...(c.waitsOn ? { waitsOn: c.waitsOn } : {}) };
      }),
    );
    if (parsed.json) {
      // What computed it: the backend, its threads (and why one), the kernels' memory.
      const engine = await reading.race(kernel.engine.client.engineInfo(), undefined);
      console.log(JSON.stringify({ cells, ...(recomputed ? { recomputed } : {}), stats: kernel.stats(), ...(engine ? { engine } : {}) }, null, 2));
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
