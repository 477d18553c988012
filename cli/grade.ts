import { randomInt } from "node:crypto";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { gradeAll, readBundle } from "../kernel/grading/node/grade.ts";
import { DEFAULT_LIMITS, networkIsolation } from "../kernel/grading/node/supervisor.ts";
import { maxOf, totalOf, type Graded } from "../kernel/grading/results.ts";
import { notebookFiles } from "./files.ts";

const USAGE = `usage: scanbook grade ASSIGNMENT SUBMISSION... [--jobs N] [--timeout SECONDS] [--submission-timeout SECONDS] [--memory MB] [--seed N] [-o DIR]
  ASSIGNMENT   the grader folder (or its assignment.json) written by scanbook assign
  SUBMISSION   students' notebooks: .html files, or folders holding them (searched through)
  --jobs       submissions graded at once (default: the number of cores)
  --timeout    time limit of each check, in seconds (default ${DEFAULT_LIMITS.timeoutMs / 1000})
  --submission-timeout
               time limit of a whole submission, in seconds (default 30 + 3 per check, at least twice --timeout)
  --memory     memory limit of a submission's sandbox, in MB (default ${DEFAULT_LIMITS.memoryMb})
  --seed       the random cases' seed (default: drawn now, and written in each result)
  -o           where DIR/NAME/results.json (Gradescope's format) and DIR/grades.csv go (default ./graded)`;

interface Options { assignment: string; submissions: string[]; jobs: number; timeoutS: number; submissionS?: number; memoryMb: number; seed?: number; out: string }

function parse(args: string[]): Options | string {
  const o: Options = { assignment: "", submissions: [], jobs: availableParallelism(), timeoutS: DEFAULT_LIMITS.timeoutMs / 1000, memoryMb: DEFAULT_LIMITS.memoryMb, out: "graded" };
  const number = (flag: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const n = Number(value);
    return Number.isFinite(n) && n >= min && n <= max ? n : `${flag} needs a number from ${min} to ${max}, got ${value ?? "nothing"}`;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let n: number | string | undefined;
    if (a === "-o" || a === "--out") { if (!args[i + 1]) return "-o needs a folder"; o.out = args[++i]; }
    else if (a === "--jobs") { n = number(a, args[++i], 1); if (typeof n === "number") o.jobs = Math.floor(n); }
    else if (a === "--timeout") { n = number(a, args[++i], 0.1, MAX_TIMER_S); if (typeof n === "number") o.timeoutS = n; }
    else if (a === "--submission-timeout") { n = number(a, args[++i], 1, MAX_TIMER_S); if (typeof n === "number") o.submissionS = n; }
    else if (a === "--memory") { n = number(a, args[++i], 64); if (typeof n === "number") o.memoryMb = Math.floor(n); }
    else if (a === "--seed") { n = number(a, args[++i], 0); if (typeof n === "number") o.seed = Math.floor(n); }
    else if (a.startsWith("-")) return `unknown option ${a}`;
    else if (!o.assignment) o.assignment = a;
    else o.submissions.push(a);
    if (typeof n === "string") return n;
  }
  if (!o.assignment) return "no assignment given";
  if (!o.submissions.length) return "no submission given";
  return o;
}

/** Timers hold at most 2^31 - 1 ms. */
const MAX_TIMER_S = 2_147_483;

const line = (g: Graded) => {
  const failed = g.results.filter((r) => !r.passed).length;
  return `${g.name.padEnd(28)} ${`${totalOf(g)} / ${maxOf(g)}`.padStart(12)}  ${failed ? `${failed} check(s) failed` : "all checks passed"}  (${g.seconds.toFixed(1)} s)`;
};

/**
 * `scanbook grade`: every submission in its own sandbox, several at once; each check scored
 * with partial credit; a submission that throws, loops, prints or exhausts memory loses only
 * what it fails. Exit 0 once the batch is graded (whatever the scores), 2 for a bad command
 * line or an unreadable assignment.
 */
export async function grade(args: string[]): Promise<number> {
  const o = parse(args);
  if (typeof o === "string") { console.error(`grade: ${o}\n${USAGE}`); return 2; }
  const cwd = process.env.INIT_CWD ?? process.cwd();
  let bundle, files: string[];
  try {
    bundle = await readBundle(resolve(cwd, o.assignment));
    files = notebookFiles(o.submissions, cwd, true);
  } catch (e) {
    console.error(`grade: ${(e as Error).message}`);
    return 2;
  }
  const seed = o.seed ?? randomInt(2 ** 31 - 1);
  const out = resolve(cwd, o.out);
  const started = performance.now();
  const network = networkIsolation().said;
  console.log(`grading ${files.length} submission(s) of "${bundle.title}", ${o.jobs} at a time, seed ${seed}\n${network}`);
  const limits = { timeoutMs: o.timeoutS * 1000, memoryMb: o.memoryMb, ...(o.submissionS ? { submissionMs: o.submissionS * 1000 } : {}) };
  await gradeAll(bundle, files, { jobs: o.jobs, seed, outDir: out, limits, notes: [network], cwd }, (g) => console.log(line(g)));
  console.log(`graded ${files.length} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${out}/grades.csv and one results.json per submission`);
  return 0;
}
