import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { readNotebook, writeNotebook } from "../kernel/dataflow/headless.ts";
import { buildAssignment } from "../kernel/grading/assignment.ts";
import { gradeAll } from "../kernel/grading/node/grade.ts";
import { DEFAULT_LIMITS } from "../kernel/grading/node/supervisor.ts";
import { totalOf } from "../kernel/grading/results.ts";
import { PLANTED, reference } from "./planted_bugs.ts";

export interface GradingRow {
  jobs: number;
  seconds: number;
  perSubmissionMs: number;
  submissionsPerSecond: number;
}

export interface GradingReport {
  submissions: number;
  checks: number;
  /** Grading one submission at a time, then several at once (the default): the speed-up is the ratio. */
  rows: GradingRow[];
  speedup: number;
  meanScore: number;
}

/**
 * A class of the sample assignment: the reference solution, the untouched student notebook
 * and the planted bugs that fail quickly, in turn. The infinite loop and the memory hog are
 * left out: each costs its time limit, by design, which would only time the limit.
 */
function classOf(count: number, dir: string): string[] {
  const html = reference();
  const student = writeNotebook(buildAssignment(readNotebook(html)).student);
  const kinds: Array<[string, () => string]> = [
    ["reference", () => html],
    ["untouched", () => student],
    ...Object.entries(PLANTED)
      .filter(([name]) => name !== "infinite_loop" && name !== "memory_hog")
      .map(([name, plant]): [string, () => string] => [name, () => plant(html)]),
  ];
  return Array.from({ length: count }, (_, i) => {
    const [name, make] = kinds[i % kinds.length];
    const file = join(dir, `${String(i + 1).padStart(3, "0")}_${name}.html`);
    writeFileSync(file, make());
    return file;
  });
}

/** Grades the same class serially and with every core, as `scanbook grade` does by default. */
export async function gradingBench(quick: boolean): Promise<GradingReport> {
  const count = quick ? 6 : 100;
  const dir = mkdtempSync(join(tmpdir(), "scanbook-bench-grading-"));
  try {
    const { bundle } = buildAssignment(readNotebook(reference()));
    const files = classOf(count, dir);
    const rows: GradingRow[] = [];
    let meanScore = 0;
    for (const jobs of [...new Set([1, availableParallelism()])]) {
      const started = performance.now();
      const graded = await gradeAll(bundle, files, { jobs, seed: 1, limits: DEFAULT_LIMITS });
      const seconds = (performance.now() - started) / 1000;
      meanScore = graded.reduce((s, g) => s + totalOf(g), 0) / graded.length;
      rows.push({ jobs, seconds, perSubmissionMs: (seconds * 1000) / count, submissionsPerSecond: count / seconds });
    }
    return { submissions: count, checks: bundle.checks.length, rows, speedup: rows[0].seconds / rows[rows.length - 1].seconds, meanScore };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printGrading(r: GradingReport): void {
  console.log("");
  console.log(`grading: ${r.submissions} submissions of the sample assignment (${r.checks} checks each), each in its own sandbox process`);
  const header = ["jobs", "total s", "ms / submission", "submissions / s"];
  const lines = r.rows.map((row) => [String(row.jobs), row.seconds.toFixed(1), row.perSubmissionMs.toFixed(0), row.submissionsPerSecond.toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cols: string[]) => cols.map((c, i) => c.padStart(widths[i])).join("  ");
  console.log(format(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(format(l));
  console.log(`parallel / serial speed-up: ${r.speedup.toFixed(2)}x; mean score ${r.meanScore.toFixed(1)} / 100`);
}
