import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { findChromium, printPdf } from "../app/export/pdf.ts";
import { parseCommandLine, usageError } from "./args.ts";
import { commandNamed } from "./commands.ts";
import { notebookFiles } from "./files.ts";
import { Progress } from "./progress.ts";
import { Deadline, MAX_TIMEOUT_S, parseTensorBudget, parseTimeout } from "./run_limits.ts";
import { StrayErrors } from "./stray_errors.ts";
import { Watchdog } from "./watchdog.ts";

const SPEC = commandNamed("export")!;

interface Options {
  inputs: string[];
  out: string;
  pdf: string;
  allowErrors: boolean;
  timeoutS: number;
  static: boolean;
  budgetBytes?: number;
}

function parse(args: string[]): Options | string {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "string") return parsed;
  const { values, operands } = parsed;
  const o: Options = {
    inputs: operands,
    out: (values.out as string | undefined) ?? "",
    pdf: (values.pdf as string | undefined) ?? "",
    allowErrors: values["allow-errors"] === true,
    static: values.static === true,
    timeoutS: 0,
  };
  if (values.timeout !== undefined) {
    const t = parseTimeout(values.timeout as string);
    if (typeof t === "string") return t;
    o.timeoutS = t;
  }
  if (values["tensor-budget"] !== undefined) {
    const b = parseTensorBudget(values["tensor-budget"] as string);
    if (typeof b === "string") return b;
    o.budgetBytes = b;
  }
  if (!o.inputs.length) return "no notebook given";
  if (!o.out && !o.pdf) return "no output given (-o REPORT.html, -o FOLDER or --pdf REPORT.pdf)";
  return o;
}

/**
 * `scanbook export`: each notebook run headless to settled and written as one self-contained
 * report: what the notebook showed, readable with JavaScript off; with JavaScript on it comes
 * alive (inputs work, edits recompute) unless `--static`, which writes no script at all.
 * Exit 1 when a cell ends in an error (unless --allow-errors), 2 for a bad command line or file.
 */
export async function exportCommand(args: string[]): Promise<number> {
  const o = parse(args);
  if (typeof o === "string") return usageError(SPEC, o);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  let files: string[];
  try {
    files = notebookFiles(o.inputs, cwd);
  } catch (error) {
    console.error(`export: ${(error as Error).message}`);
    return 2;
  }
  const toFolder = files.length > 1 || statSync(resolve(cwd, o.inputs[0])).isDirectory();
  if (o.pdf && toFolder) return usageError(SPEC, `--pdf prints one notebook, ${files.length} given`);
  const chromium = o.pdf ? findChromium() : undefined;
  if (o.pdf && !chromium) {
    console.error("export: --pdf prints through Chromium, which was not found (install it, or set CHROMIUM to its path)");
    return 2;
  }
  const out = o.out ? resolve(cwd, o.out) : "";
  const modules = await loadExporter();
  // --timeout bounds the whole command from here (after startup); a loop may run as long.
  const timeoutS = o.timeoutS || Math.min(MAX_TIMEOUT_S, 300 * files.length);
  const deadline = new Deadline(timeoutS);
  const watchdog = new Watchdog("export", deadline.epochMs);
  const stray = new StrayErrors("export");
  try {
    const status = await exportAll(files, { o, out, toFolder, chromium, deadline, watchdog, modules });
    return stray.count ? 1 : status;
  } finally {
    watchdog.dispose();
    stray.dispose();
  }
}

/** What an export needs beyond the command line, loaded only once that is good (a bad one answers at once). */
async function loadExporter() {
  const [{ exportNotebook }, { indexReport }, { liveBundle }] = await Promise.all([
    import("../app/export/export_notebook.ts"),
    import("../app/export/static_report.ts"),
    import("../app/export/live_bundle.ts"),
  ]);
  return { exportNotebook, indexReport, liveBundle };
}

/** What every notebook of one export shares: the command line, its limits, the loaded exporter, what was written. */
interface ExportRun {
  o: Options;
  out: string;
  toFolder: boolean;
  chromium: string | undefined;
  deadline: Deadline;
  watchdog: Watchdog;
  modules: Awaited<ReturnType<typeof loadExporter>>;
  cwd: string;
  progress: Progress;
  written: Array<{ file: string; title: string; bytes: number }>;
}

async function exportAll(files: string[], run: Omit<ExportRun, "cwd" | "progress" | "written">): Promise<number> {
  const { o, out, toFolder, modules } = run;
  const { indexReport, liveBundle } = modules;
  let failed = false;
  const written: ExportRun["written"] = [];
  const progress = new Progress();
  const each: ExportRun = { ...run, cwd: process.env.INIT_CWD ?? process.cwd(), progress, written };
  try {
    if (!o.static && progress.enabled) {
      // From a checkout, the first live report bundles the app's script (several seconds): said, then done once.
      progress.update("export: preparing the live reports' script");
      await liveBundle();
    }
    for (const [index, file] of files.entries()) {
      progress.update(`export ${index + 1}/${files.length}: ${basename(file)}, computing its cells`);
      const status = await exportOne(file, each);
      if (status === 2 || (status === 1 && o.pdf)) return status;
      if (status === 1) failed = true;
    }
  } finally {
    progress.done();
  }
  if (toFolder && written.length) writeFileSync(join(out, "index.html"), indexReport(written));
  return failed ? 1 : 0;
}

/** One notebook exported: 0 written, 1 it failed (said on stderr), 2 it could not be read. */
async function exportOne(file: string, { o, out, toFolder, chromium, deadline, watchdog, modules, cwd, progress, written }: ExportRun): Promise<number> {
  const { exportNotebook } = modules;
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (error) {
    progress.error(`export: cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  if (deadline.remainingMs <= 0 || watchdog.fired) {
    progress.error(`export: ${basename(file)}: not exported: the --timeout of ${deadline.seconds} s ran out before it could start`);
    return 1;
  }
  const started = performance.now();
  const report = await exportNotebook(source, {
    directory: dirname(file),
    timeoutS: deadline.remainingMs / 1000,
    live: !o.static,
    loopLimitMs: (o.timeoutS || 300) * 1000,
    loopDeadline: deadline.at,
    busy: watchdog.busy,
    giveUp: watchdog.whenFired,
    tensorBudgetBytes: o.budgetBytes,
    allowErrors: o.allowErrors,
  });
  if (report.errors.length && !o.allowErrors) {
    progress.error(`export: ${basename(file)}: ${report.errors.length} cell(s) ended in an error, so no report was written (--allow-errors writes it anyway):`);
    for (const e of report.errors) progress.error(`  ${e}`);
    return 1;
  }
  const shown = report.errors.length ? `  (${report.errors.length} cell error(s) shown)` : "";
  if (out) {
    const target = toFolder ? join(out, basename(file)) : out;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, report.html);
    const bytes = Buffer.byteLength(report.html);
    written.push({ file: basename(target), title: report.title, bytes });
    progress.log(`${target}  ${(bytes / 1024).toFixed(0)} KiB  ${o.static ? "static" : "live"}  ${((performance.now() - started) / 1000).toFixed(1)} s${shown}`);
  }
  if (o.pdf) {
    const pdf = resolve(cwd, o.pdf);
    mkdirSync(dirname(pdf), { recursive: true });
    try {
      await printPdf(report.staticHtml, pdf, chromium!);
    } catch (error) {
      progress.error(`export: ${basename(file)}: ${(error as Error).message}`);
      return 1;
    }
    progress.log(`${pdf}  ${(statSync(pdf).size / 1024).toFixed(0)} KiB  PDF${shown}`);
  }
  return 0;
}
