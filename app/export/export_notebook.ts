import { headlessBuiltins, openHeadless, readNotebook } from "../../kernel/dataflow/headless.ts";
import { settleWithin } from "../../kernel/dataflow/settle_within.ts";
import { md } from "../client/markdown.ts";
import { digitsAsked } from "../../cells/datasets/mnist.ts";
import { packedDigits } from "./digits_asset.ts";
import { liveBundle } from "./live_bundle.ts";
import { liveReport } from "./live_report.ts";
import { staticReport } from "./static_report.ts";
import { headlessLibrary } from "../headless_library.ts";

export interface Exported {
  title: string;
  /** The report: live when asked for, else the same as `staticHtml`. */
  html: string;
  /** The pre-rendered report alone, without any script (what --static writes and --pdf prints). */
  staticHtml: string;
  /** Cells that ended in an error: "name: message". */
  errors: string[];
}

/**
 * Runs a notebook headless to settled, as `scanbook run` does, but keeping what a report
 * shows: markdown rendered (markdown-it on the jsdom document), what each cell displayed,
 * figures drawn by Plot on that document. `live`: the report also carries the notebook and
 * the app's script, and computes again in the reader's browser (see live_report.ts).
 */
export interface ExportOptions {
  /** The notebook's folder, where FileAttachment reads its files. */
  directory?: string;
  /** How long the notebook may take to settle (default 300 s). */
  timeoutS?: number;
  live?: boolean;
  /** How long one loop may keep the thread busy before it throws in its cell (the kernel's default otherwise). */
  loopLimitMs?: number;
  /** When (performance.now()) any loop still running throws: the command's deadline. */
  loopDeadline?: number;
  /** Told the cell that is running (a watchdog names it). */
  busy?: (label: string) => void;
  /** Whether a report with cells in error is wanted: if not, such a notebook gets no live report built. */
  allowErrors?: boolean;
  /** The most bytes one tensor may take (the headless default otherwise). */
  tensorBudgetBytes?: number;
  /** Settles when waiting must end at once (a watchdog stopped a stuck cell). */
  giveUp?: Promise<unknown>;
}

export async function exportNotebook(source: string, options: ExportOptions = {}): Promise<Exported> {
  const digitsBefore = digitsAsked();
  const displayed = new Map<number, unknown[]>();
  const notebook = readNotebook(source);
  const attachmentsRead = new Map<string, Uint8Array>();
  const kernel = openHeadless(notebook, {
    library: headlessLibrary,
    attachmentsRead,
    loopLimitMs: options.loopLimitMs,
    loopDeadline: options.loopDeadline,
    directory: options.directory,
    ...(options.tensorBudgetBytes ? { tensorBudgetBytes: options.tensorBudgetBytes } : {}),
    busy: options.busy,
    builtins: { ...headlessBuiltins, md: () => md },
    host: {
      displayFor(cell) {
        const shown: unknown[] = [];
        displayed.set(cell, shown); // a new run replaces what the last one showed
        const display = (value: unknown) => {
          shown.push(value);
          return value;
        };
        return { display, view: (input: unknown) => (display(input) as { value?: unknown })?.value };
      },
    },
  });
  try {
    const settled = await settleWithin(kernel, (options.timeoutS ?? 300) * 1000, options.giveUp);
    // Out of time: what the engine still computes is cancelled, so the report can read what settled.
    if (!settled) kernel.stopComputing();
    const states = kernel.cells();
    const errors = states.filter((c) => c.status !== "ok").map((c) => `${c.name}: ${c.status === "pending" ? "did not settle" : c.error instanceof Error ? c.error.message : String(c.error)}`);
    if (!settled && !errors.length) errors.push(`the notebook did not settle within ${options.timeoutS ?? 300} s`);
    const title = notebook.title || "Scanbook report";
    const staticHtml = await staticReport({ title, layout: kernel.layout(), states, displayed });
    if (!options.live || (errors.length && !options.allowErrors)) return { title, html: staticHtml, staticHtml, errors };
    const digits = digitsAsked() > digitsBefore ? await packedDigits() : undefined;
    return { title, html: liveReport(staticHtml, { bundle: await liveBundle(), source, digits, attachments: attachmentsRead }), staticHtml, errors };
  } finally {
    kernel.dispose();
  }
}
