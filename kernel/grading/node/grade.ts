import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { readNotebook } from "../../dataflow/headless.ts";
import type { GraderBundle } from "../assignment.ts";
import { classCsv, gradescopeResults, type Graded } from "../results.ts";
import type { CheckResult } from "../run_check.ts";
import { submissionProgram } from "../submission.ts";
import { resultFolders } from "./result_folders.ts";
import { cellsOnlyHtml } from "./submission_html.ts";
import { runSandboxed, type Limits } from "./supervisor.ts";

export interface GradeOptions {
  limits: Limits;
  /** Submissions graded at once, each in its own sandbox process. */
  jobs: number;
  /** Random configurations of every check are drawn from it: chosen when grading, so hidden cases cannot be known before. */
  seed: number;
  outDir?: string;
  /** Said at the top of each results.json's output (how the sandbox was isolated). */
  notes?: string[];
  /** Files are named relative to it in grades.csv (default: as given). */
  cwd?: string;
}

/** A notebook larger than this is not read: an assignment's notebook is a few hundred KB. */
export const MAX_SUBMISSION_BYTES = 10 * 1024 * 1024;

/** A submission that cannot be read loses every check, with the reason; the batch goes on. */
function unreadable(bundle: GraderBundle, why: string): CheckResult[] {
  return bundle.checks.map((c) => ({
    name: c.name,
    function: c.function,
    hidden: c.hidden,
    points: c.points,
    score: 0,
    passed: false,
    cases: 0,
    parts: [],
    message: `the submission could not be read: ${why}`,
  }));
}

export async function gradeOne(bundle: GraderBundle, file: string, options: GradeOptions, name = resultFolders([file])[0]): Promise<Graded> {
  const started = performance.now();
  let graded: Omit<Graded, "seconds">;
  try {
    const { size } = await stat(file);
    if (size > MAX_SUBMISSION_BYTES) throw new Error(`it is ${(size / 2 ** 20).toFixed(1)} MB; a notebook of at most ${MAX_SUBMISSION_BYTES >> 20} MB is read`);
    const notebook = readNotebook(cellsOnlyHtml(await readFile(file, "utf8")));
    const { program, notes } = submissionProgram(bundle, notebook);
    const { results, log } = await runSandboxed(program, bundle.checks, options.seed, options.limits);
    graded = { name, results, notes, log };
  } catch (e) {
    const why = (e as Error).message;
    graded = { name, results: unreadable(bundle, why), notes: [`not graded: ${why}`], log: [] };
  }
  return { ...graded, seconds: (performance.now() - started) / 1000 };
}

/**
 * Grades every submission, `jobs` at a time. With outDir, each submission's results.json is
 * written as soon as it is graded, into a folder of its own whose name is safe and unique
 * (result_folders.ts), and grades.csv is rewritten after each, so a batch stopped half-way
 * keeps what it graded.
 */
export async function gradeAll(bundle: GraderBundle, files: readonly string[], options: GradeOptions, onGraded?: (g: Graded) => void): Promise<Graded[]> {
  const folders = resultFolders(files);
  const graded: Graded[] = [];
  let next = 0,
    writing = Promise.resolve();
  const shown = (file: string) => (options.cwd ? relative(options.cwd, file) : file);
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const g = { ...(await gradeOne(bundle, files[i], options, folders[i])), file: shown(files[i]) };
      graded[i] = g;
      if (options.outDir) {
        const outDir = options.outDir;
        // One write at a time, so grades.csv is never written by two jobs at once.
        writing = writing.then(async () => {
          await mkdir(join(outDir, g.name), { recursive: true });
          await writeFile(join(outDir, g.name, "results.json"), `${JSON.stringify(gradescopeResults(g, options.seed, options.notes), null, 2)}\n`);
          await writeFile(join(outDir, "grades.csv"), classCsv(graded.filter(Boolean)));
        });
        await writing;
      }
      onGraded?.(g);
    }
  };
  if (options.outDir) await mkdir(options.outDir, { recursive: true });
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, files.length)) }, worker));
  return graded;
}

export async function readBundle(path: string): Promise<GraderBundle> {
  const file = /\.json$/i.test(path) ? path : join(path, "assignment.json");
  const bundle = JSON.parse(await readFile(file, "utf8")) as GraderBundle;
  if (bundle.format !== "scanbook-assignment/1") throw new Error(`${file}: not a grader bundle (written by scanbook assign)`);
  return bundle;
}
