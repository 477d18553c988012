import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { findChromium, printPdf } from "../app/export/pdf.ts";
import { notebookFiles } from "./files.ts";
import { Deadline, MAX_TIMEOUT_S, parseTensorBudget, parseTimeout } from "./run_limits.ts";
import { StrayErrors } from "./stray_errors.ts";
import { Watchdog } from "./watchdog.ts";

const USAGE = `usage: scanbook export NOTEBOOK... [-o OUT] [--pdf REPORT.pdf] [--static] [--allow-errors] [--timeout SECONDS] [--tensor-budget GB]
  one notebook: OUT is the report file; several notebooks or a folder: OUT is a folder, with an index.html
  --timeout the whole command's time (default 300 s for each notebook)
  --tensor-budget  the most one tensor may take, in GB (default a quarter of the memory, at most 4)
  --static  the pre-rendered report only, no script (otherwise it comes alive when JavaScript runs)
  --pdf     also print the pre-rendered report to a PDF through Chromium (one notebook)`;

interface Options { inputs: string[]; out: string; pdf: string; allowErrors: boolean; timeoutS: number; static: boolean; budgetBytes?: number }

function parse(args: string[]): Options | string {
  const o: Options = { inputs: [], out: "", pdf: "", allowErrors: false, timeoutS: 0, static: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-o" || a === "--out") { if (!args[i + 1]) return "-o needs a path"; o.out = args[++i]; }
    else if (a === "--pdf") { if (!args[i + 1]) return "--pdf needs a path"; o.pdf = args[++i]; }
    else if (a === "--allow-errors") o.allowErrors = true;
    else if (a === "--static") o.static = true;
    else if (a === "--timeout") { const t = parseTimeout(args[++i]); if (typeof t === "string") return t; o.timeoutS = t; }
    else if (a === "--tensor-budget") { const b = parseTensorBudget(args[++i]); if (typeof b === "string") return b; o.budgetBytes = b; }
    else if (a.startsWith("-")) return `unknown option ${a}`;
    else o.inputs.push(a);
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
  if (typeof o === "string") { console.error(`export: ${o}\n${USAGE}`); return 2; }
  const cwd = process.env.INIT_CWD ?? process.cwd();
  let files: string[];
  try {
    files = notebookFiles(o.inputs, cwd);
  } catch (error) {
    console.error(`export: ${(error as Error).message}`);
    return 2;
  }
  const toFolder = files.length > 1 || statSync(resolve(cwd, o.inputs[0])).isDirectory();
  if (o.pdf && toFolder) { console.error(`export: --pdf prints one notebook, ${files.length} given\n${USAGE}`); return 2; }
  const chromium = o.pdf ? findChromium() : undefined;
  if (o.pdf && !chromium) { console.error("export: --pdf prints through Chromium, which was not found (install it, or set CHROMIUM to its path)"); return 2; }
  const out = o.out ? resolve(cwd, o.out) : "";
  const modules = await loadExporter();
  // --timeout bounds the whole command from here (after startup); a loop may run as long.
  const timeoutS = o.timeoutS || Math.min(MAX_TIMEOUT_S, 300 * files.length);
  const deadline = new Deadline(timeoutS);
  const watchdog = new Watchdog("export", deadline.epochMs);
  const stray = new StrayErrors("export");
  try {
    const status = await exportAll(files, o, out, toFolder, chromium, deadline, watchdog, modules);
    return stray.count ? 1 : status;
  } finally {
    watchdog.dispose();
    stray.dispose();
  }
}

/** What an export needs beyond the command line, loaded only once that is good (a bad one answers at once). */
async function loadExporter() {
  const [{ exportNotebook }, { indexReport }] = await Promise.all([
    import("../app/export/export_notebook.ts"), import("../app/export/static_report.ts"),
  ]);
  return { exportNotebook, indexReport };
}

async function exportAll(
  files: string[], o: Options, out: string, toFolder: boolean, chromium: string | undefined, deadline: Deadline, watchdog: Watchdog,
  modules: Awaited<ReturnType<typeof loadExporter>>,
): Promise<number> {
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const { exportNotebook, indexReport } = modules;
  let failed = false;
  const written: Array<{ file: string; title: string; bytes: number }> = [];
  for (const file of files) {
    let source: string;
    try { source = readFileSync(file, "utf8"); } catch (error) { console.error(`export: cannot read ${file}: ${(error as Error).message}`); return 2; }
    if (deadline.remainingMs <= 0 || watchdog.fired) {
      console.error(`export: ${basename(file)}: not exported: the --timeout of ${deadline.seconds} s ran out before it could start`);
      failed = true;
      continue;
    }
    const started = performance.now();
    const report = await exportNotebook(source, {
      timeoutS: deadline.remainingMs / 1000, live: !o.static, loopLimitMs: (o.timeoutS || 300) * 1000, loopDeadline: deadline.at, busy: watchdog.busy, giveUp: watchdog.whenFired,
      tensorBudgetBytes: o.budgetBytes, allowErrors: o.allowErrors,
    });
    if (report.errors.length && !o.allowErrors) {
      console.error(`export: ${basename(file)}: ${report.errors.length} cell(s) ended in an error, so no report was written (--allow-errors writes it anyway):`);
      for (const e of report.errors) console.error(`  ${e}`);
      failed = true;
      continue;
    }
    const shown = report.errors.length ? `  (${report.errors.length} cell error(s) shown)` : "";
    if (out) {
      const target = toFolder ? join(out, basename(file)) : out;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, report.html);
      const bytes = Buffer.byteLength(report.html);
      written.push({ file: basename(target), title: report.title, bytes });
      console.log(`${target}  ${(bytes / 1024).toFixed(0)} KiB  ${o.static ? "static" : "live"}  ${((performance.now() - started) / 1000).toFixed(1)} s${shown}`);
    }
    if (o.pdf) {
      const pdf = resolve(cwd, o.pdf);
      mkdirSync(dirname(pdf), { recursive: true });
      try {
        await printPdf(report.staticHtml, pdf, chromium!);
      } catch (error) {
        console.error(`export: ${basename(file)}: ${(error as Error).message}`);
        return 1;
      }
      console.log(`${pdf}  ${(statSync(pdf).size / 1024).toFixed(0)} KiB  PDF${shown}`);
    }
  }
  if (toFolder && written.length) writeFileSync(join(out, "index.html"), indexReport(written));
  return failed ? 1 : 0;
}
