import { headlessBuiltins, openHeadless, readNotebook } from "../../kernel/dataflow/headless.ts";
import { md } from "../client/markdown.ts";
import { digitsAsked } from "../../cells/datasets/mnist.ts";
import { packedDigits } from "./digits_asset.ts";
import { liveBundle } from "./live_bundle.ts";
import { liveReport } from "./live_report.ts";
import { staticReport } from "./static_report.ts";
import { scanbookLibrary } from "../../cells/library.ts";

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
export async function exportNotebook(source: string, options: { timeoutS?: number; live?: boolean } = {}): Promise<Exported> {
  const digitsBefore = digitsAsked();
  const displayed = new Map<number, unknown[]>();
  const notebook = readNotebook(source);
  const kernel = openHeadless(notebook, {
    library: scanbookLibrary,
    builtins: { ...headlessBuiltins, md: () => md },
    host: {
      displayFor(cell) {
        const shown: unknown[] = [];
        displayed.set(cell, shown); // a new run replaces what the last one showed
        const display = (value: unknown) => { shown.push(value); return value; };
        return { display, view: (input: unknown) => (display(input) as { value?: unknown })?.value };
      },
    },
  });
  try {
    const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), (options.timeoutS ?? 300) * 1000).unref());
    const settled = await Promise.race([kernel.settled().then(() => "settled" as const), timeout]);
    const states = kernel.cells();
    const errors = states.filter((c) => c.status !== "ok").map((c) => `${c.name}: ${c.status === "pending" ? "did not settle" : c.error instanceof Error ? c.error.message : String(c.error)}`);
    if (settled === "timeout" && !errors.length) errors.push(`the notebook did not settle within ${options.timeoutS ?? 300} s`);
    const title = notebook.title || "Scanbook report";
    const staticHtml = await staticReport({ title, layout: kernel.layout(), states, displayed });
    if (!options.live) return { title, html: staticHtml, staticHtml, errors };
    const digits = digitsAsked() > digitsBefore ? await packedDigits() : undefined;
    return { title, html: liveReport(staticHtml, { bundle: await liveBundle(), source, digits }), staticHtml, errors };
  } finally {
    kernel.dispose();
  }
}
