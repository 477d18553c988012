import { randomInt } from "node:crypto";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { gradeAll, readBundle } from "../kernel/grading/node/grade.ts";
import { DEFAULT_LIMITS, networkIsolation } from "../kernel/grading/node/supervisor.ts";
import { maxOf, totalOf, type Graded } from "../kernel/grading/results.ts";
import { numberOption, parseCommandLine, usageError } from "./args.ts";
import { commandNamed } from "./commands.ts";
import { notebookFiles } from "./files.ts";
import { eta, Progress } from "./progress.ts";

const SPEC = commandNamed("grade")!;

interface Options {
  assignment: string;
  submissions: string[];
  jobs: number;
  timeoutS: number;
  submissionS?: number;
  memoryMb: number;
  seed?: number;
  out: string;
}

function parse(args: string[]): Options | string {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "string") return parsed;
  const { values, operands } = parsed;
  const o: Options = {
    assignment: operands[0] ?? "",
    submissions: operands.slice(1),
    jobs: availableParallelism(),
    timeoutS: DEFAULT_LIMITS.timeoutMs / 1000,
    memoryMb: DEFAULT_LIMITS.memoryMb,
    out: (values.out as string | undefined) ?? "graded",
  };
  const numbers: Array<[string, number, number, (n: number) => void]> = [
    [
      "jobs",
      1,
      Number.MAX_SAFE_INTEGER,
      (n) => {
        o.jobs = Math.floor(n);
      },
    ],
    [
      "timeout",
      0.1,
      MAX_TIMER_S,
      (n) => {
        o.timeoutS = n;
      },
    ],
    [
      "submission-timeout",
      1,
      MAX_TIMER_S,
      (n) => {
        o.submissionS = n;
      },
    ],
    [
      "memory",
      64,
      Number.MAX_SAFE_INTEGER,
      (n) => {
        o.memoryMb = Math.floor(n);
      },
    ],
    [
      "seed",
      0,
      Number.MAX_SAFE_INTEGER,
      (n) => {
        o.seed = Math.floor(n);
      },
    ],
  ];
  for (const [flag, min, max, set] of numbers) {
    if (values[flag] === undefined) continue;
    const n = numberOption(flag, values[flag] as string, min, max);
    if (typeof n === "string") return n;
    set(n);
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
  if (typeof o === "string") return usageError(SPEC, o);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  let bundle: Awaited<ReturnType<typeof readBundle>>, files: string[];
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
  // On a terminal: how many are graded, and how long the rest should take at this pace.
  const progress = new Progress();
  let done = 0;
  progress.update(`graded 0 of ${files.length}`);
  await gradeAll(bundle, files, { jobs: o.jobs, seed, outDir: out, limits, notes: [network], cwd }, (g) => {
    done++;
    progress.log(line(g));
    const left = eta(done, files.length, performance.now() - started);
    progress.update(`graded ${done} of ${files.length}${left ? `, ${left}` : ""}`);
  });
  progress.done();
  console.log(`graded ${files.length} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${out}/grades.csv and one results.json per submission`);
  return 0;
}
