import { configText } from "./configs.ts";
import type { CheckResult } from "./run_check.ts";

/** One graded submission. */
export interface Graded {
  /** The submission's name: its file name without .html. */
  name: string;
  results: CheckResult[];
  notes: string[];
  log: string[];
  seconds: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export const totalOf = (g: Graded) => round2(g.results.reduce((s, r) => s + r.score, 0));
export const maxOf = (g: Graded) => round2(g.results.reduce((s, r) => s + r.points, 0));

/**
 * What a hidden check tells the student: which part failed and how (a shape, an error), never
 * the expected numbers, so hidden checks do not leak into feedback.
 */
function hiddenOutput(r: CheckResult): string {
  if (r.passed) return "passed";
  const f = r.failure;
  if (!f) return r.message;
  if (f.reason === "values") return `${f.part} differs from the reference (${configText(f.config)})`;
  return r.message;
}

function publicOutput(r: CheckResult): string {
  return [
    r.passed ? "passed: " : "", r.message,
    r.smallest ? `\nsmallest failing configuration: ${configText(r.smallest)}${r.smallestMessage ? `: ${r.smallestMessage}` : ""}` : "",
    r.mistake ? `\nlikely mistake: ${r.mistake}` : "",
    r.feedback && !r.passed ? `\n${r.feedback}` : "",
  ].join("");
}

/** A submission's results in Gradescope's results.json format. */
export function gradescopeResults(g: Graded, seed: number) {
  return {
    score: totalOf(g),
    execution_time: Math.round(g.seconds),
    output: [`Graded with seed ${seed}.`, ...g.notes, ...(g.log.length ? ["Printed while checking (first lines):", ...g.log] : [])].join("\n"),
    visibility: "visible",
    stdout_visibility: "hidden",
    tests: g.results.map((r, i) => ({
      name: r.name,
      number: String(i + 1),
      score: r.score,
      max_score: r.points,
      status: r.passed ? "passed" : "failed",
      output: r.hidden ? hiddenOutput(r) : publicOutput(r),
      // Hidden checks show once grades are published, as hidden tests do in nbgrader and otter.
      visibility: r.hidden ? "after_published" : "visible",
    })),
  };
}

function csvField(value: string | number): string {
  const s = String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The class in one table: a row per submission, a column per check, the total and the notes. */
export function classCsv(graded: readonly Graded[]): string {
  const checks = graded[0]?.results.map((r) => `${r.name} (${r.points})`) ?? [];
  const rows = [["submission", "total", "max", ...checks, "notes"]];
  for (const g of graded) {
    const failedWhy = g.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.hidden ? hiddenOutput(r) : r.message}`);
    rows.push([g.name, String(totalOf(g)), String(maxOf(g)), ...g.results.map((r) => String(r.score)), [...g.notes, ...failedWhy].join("; ")]);
  }
  return rows.map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}
