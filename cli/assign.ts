import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { readNotebook, writeNotebook } from "../kernel/dataflow/headless.ts";
import { buildAssignment, type GraderBundle } from "../kernel/grading/assignment.ts";
import { gradeOne } from "../kernel/grading/node/grade.ts";
import { DEFAULT_LIMITS } from "../kernel/grading/node/supervisor.ts";
import { totalOf, maxOf } from "../kernel/grading/results.ts";
import { parseCommandLine, usageError } from "./args.ts";
import { commandNamed } from "./commands.ts";
import { writeGradescope } from "./gradescope.ts";

const SPEC = commandNamed("assign")!;

interface Options {
  source: string;
  out: string;
  gradescope: boolean;
  validate: boolean;
}

function parse(args: string[]): Options | string {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "string") return parsed;
  const { values, operands } = parsed;
  if (!operands.length) return "no source notebook given";
  if (operands.length > 1) return `one source notebook, got ${operands[0]} and ${operands[1]}`;
  if (!values.out) return "no output folder given (-o OUT)";
  return { source: operands[0], out: values.out as string, gradescope: values.gradescope === true, validate: values["no-validate"] !== true };
}

/** The instructor's solutions graded as a submission: an assignment whose own solutions fail a check is not given out. */
async function validate(bundle: GraderBundle, source: string): Promise<string[]> {
  const graded = await gradeOne(bundle, source, { limits: DEFAULT_LIMITS, jobs: 1, seed: 1 });
  console.log(`validated: the solutions score ${totalOf(graded)} / ${maxOf(graded)}`);
  return graded.results.filter((r) => !r.passed).map((r) => `check "${r.name}": ${r.message}`);
}

/**
 * `scanbook assign`: an instructor's notebook (exercise cells with solutions, public and
 * hidden checks) split into the student's notebook and the grader's bundle. Exit 1 when the
 * markup is wrong or the solutions fail a check, 2 for a bad command line or file.
 */
export async function assign(args: string[]): Promise<number> {
  const o = parse(args);
  if (typeof o === "string") return usageError(SPEC, o);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const source = resolve(cwd, o.source),
    out = resolve(cwd, o.out);
  let html: string;
  try {
    html = readFileSync(source, "utf8");
  } catch (e) {
    console.error(`assign: ${(e as Error).message}`);
    return 2;
  }
  let assignment: ReturnType<typeof buildAssignment>;
  try {
    assignment = buildAssignment(readNotebook(html));
  } catch (e) {
    console.error(`assign: ${basename(source)}: ${(e as Error).message}`);
    return 1;
  }
  const { student, bundle } = assignment;
  if (o.validate) {
    const failures = await validate(bundle, source);
    if (failures.length) {
      console.error(`assign: the solutions in ${basename(source)} fail ${failures.length} check(s):\n  ${failures.join("\n  ")}`);
      return 1;
    }
  }
  const studentFile = join(out, "student", basename(source));
  const bundleFile = join(out, "grader", "assignment.json");
  mkdirSync(join(out, "student"), { recursive: true });
  mkdirSync(join(out, "grader"), { recursive: true });
  writeFileSync(studentFile, writeNotebook(student));
  writeFileSync(bundleFile, `${JSON.stringify(bundle, null, 2)}\n`);
  const hidden = bundle.checks.filter((c) => c.hidden).length;
  console.log(`student notebook: ${studentFile} (${bundle.exercises.length} exercises, ${bundle.checks.length - hidden} public checks)`);
  console.log(`grader bundle:    ${bundleFile} (${bundle.checks.length} checks, ${hidden} hidden, ${bundle.checks.reduce((s, c) => s + c.points, 0)} points)`);
  if (o.gradescope) {
    const dir = join(out, "gradescope");
    writeGradescope(dir);
    copyFileSync(bundleFile, join(dir, "assignment.json"));
    console.log(`gradescope:       ${dir} (zip its contents and upload them as the autograder)`);
  }
  return 0;
}
