import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { exportNotebook } from "../app/export/export_notebook.ts";
import { indexReport } from "../app/export/static_report.ts";

const USAGE = `usage: scanbook export NOTEBOOK... -o OUT [--static] [--allow-errors] [--timeout SECONDS]
  one notebook: OUT is the report file; several notebooks or a folder: OUT is a folder, with an index.html`;

interface Options { inputs: string[]; out: string; allowErrors: boolean; timeoutS: number; static: boolean }

function parse(args: string[]): Options | string {
  const o: Options = { inputs: [], out: "", allowErrors: false, timeoutS: 300, static: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "-o" || a === "--out") { if (!args[i + 1]) return "-o needs a path"; o.out = args[++i]; }
    else if (a === "--allow-errors") o.allowErrors = true;
    else if (a === "--static") o.static = true;
    else if (a === "--timeout") { const t = Number(args[++i]); if (!(t > 0)) return "--timeout needs a number of seconds"; o.timeoutS = t; }
    else if (a.startsWith("-")) return `unknown option ${a}`;
    else o.inputs.push(a);
  }
  if (!o.inputs.length) return "no notebook given";
  if (!o.out) return "no output given (-o REPORT.html or -o FOLDER)";
  return o;
}

/** The notebook files named: files as they are, folders by their .html files. */
function notebookFiles(inputs: string[], cwd: string): string[] {
  return inputs.flatMap((input) => {
    const path = resolve(cwd, input);
    if (statSync(path).isDirectory()) return readdirSync(path).filter((f) => f.endsWith(".html")).sort().map((f) => join(path, f));
    return [path];
  });
}

/**
 * `scanbook export`: each notebook run headless to settled and written as a self-contained
 * report (no script, no network: what the notebook showed, readable with JavaScript off).
 * Exit 1 when a cell ends in an error (unless --allow-errors), 2 for a bad command line or file.
 * Live reports (inputs that still work) are not written yet: `--static` is the only kind.
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
  const out = resolve(cwd, o.out);
  let failed = false;
  const written: Array<{ file: string; title: string; bytes: number }> = [];
  for (const file of files) {
    let source: string;
    try { source = readFileSync(file, "utf8"); } catch (error) { console.error(`export: cannot read ${file}: ${(error as Error).message}`); return 2; }
    const started = performance.now();
    const report = await exportNotebook(source, { timeoutS: o.timeoutS });
    if (report.errors.length && !o.allowErrors) {
      console.error(`export: ${basename(file)}: ${report.errors.length} cell(s) ended in an error, so no report was written (--allow-errors writes it anyway):`);
      for (const e of report.errors) console.error(`  ${e}`);
      failed = true;
      continue;
    }
    const target = toFolder ? join(out, basename(file)) : out;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, report.html);
    const bytes = Buffer.byteLength(report.html);
    written.push({ file: basename(target), title: report.title, bytes });
    console.log(`${target}  ${(bytes / 1024).toFixed(0)} KiB  ${((performance.now() - started) / 1000).toFixed(1)} s${report.errors.length ? `  (${report.errors.length} cell error(s) shown)` : ""}`);
  }
  if (toFolder && written.length) writeFileSync(join(out, "index.html"), indexReport(written));
  return failed ? 1 : 0;
}
