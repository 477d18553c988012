import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { readNotebook } from "../../dataflow/headless.ts";
import type { GraderBundle } from "../assignment.ts";
import { classCsv, gradescopeResults, type Graded } from "../results.ts";
import type { CheckResult } from "../run_check.ts";
import { submissionProgram } from "../submission.ts";
import { runSandboxed, type Limits } from "./supervisor.ts";

export interface GradeOptions {
  limits: Limits;
  /** Submissions graded at once, each in its own sandbox process. */
  jobs: number;
  /** Random configurations of every check are drawn from it: chosen when grading, so hidden cases cannot be known before. */
  seed: number;
  outDir?: string;
}

export const submissionName = (file: string) => basename(file).replace(/\.html?$/i, "");

/** A submission that cannot be read loses every check, with the reason; the batch goes on. */
function unreadable(bundle: GraderBundle, why: string): CheckResult[] {
  return bundle.checks.map((c) => ({
    name: c.name, function: c.function, hidden: c.hidden, points: c.points, score: 0, passed: false, cases: 0, parts: [],
    message: `the submission could not be read: ${why}`,
  }));
}

export async function gradeOne(bundle: GraderBundle, file: string, options: GradeOptions): Promise<Graded> {
  const started = performance.now();
  const name = submissionName(file);
  let graded: Omit<Graded, "seconds">;
  try {
    const notebook = readNotebook(await readFile(file, "utf8"));
    const { program, notes } = submissionProgram(bundle, notebook);
    const { results, log } = await runSandboxed(program, bundle.checks, options.seed, options.limits);
    graded = { name, results, notes, log };
  } catch (e) {
    const why = (e as Error).message;
    graded = { name, results: unreadable(bundle, why), notes: [`not graded: ${why}`], log: [] };
  }
  return { ...graded, seconds: (performance.now() - started) / 1000 };
}

/** Grades every submission, `jobs` at a time; writes each results.json and the class CSV when outDir is given. */
export async function gradeAll(bundle: GraderBundle, files: readonly string[], options: GradeOptions, onGraded?: (g: Graded) => void): Promise<Graded[]> {
  const graded: Graded[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      graded[i] = await gradeOne(bundle, files[i], options);
      onGraded?.(graded[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, files.length)) }, worker));
  if (options.outDir) await writeResults(graded, options.outDir, options.seed);
  return graded;
}

async function writeResults(graded: readonly Graded[], outDir: string, seed: number): Promise<void> {
  const names = new Map<string, number>();
  for (const g of graded) {
    // Two files of the same name from different folders get their own results folder.
    const n = names.get(g.name) ?? 0;
    names.set(g.name, n + 1);
    const dir = join(outDir, n ? `${g.name}-${n + 1}` : g.name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "results.json"), `${JSON.stringify(gradescopeResults(g, seed), null, 2)}\n`);
  }
  await writeFile(join(outDir, "grades.csv"), classCsv(graded));
}

export async function readBundle(path: string): Promise<GraderBundle> {
  const file = /\.json$/i.test(path) ? path : join(path, "assignment.json");
  const bundle = JSON.parse(await readFile(file, "utf8")) as GraderBundle;
  if (bundle.format !== "scanbook-assignment/1") throw new Error(`${file}: not a grader bundle (written by scanbook assign)`);
  return bundle;
}
