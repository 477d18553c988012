import { configText } from "./configs.ts";
import type { CheckResult } from "./run_check.ts";
import { clip } from "./sandbox_protocol.ts";

/**
 * What one test's message, its printed lines and the top-level output may hold, so a
 * results.json stays small (about 300 KB at worst for 33 checks, JSON escapes included)
 * whatever a submission prints or throws.
 */
const MESSAGE_CHARS = 1500,
  PRINTED_CHARS = 2500,
  OUTPUT_CHARS = 10_000;

/** Control characters and lone surrogates (which JSON writes as six) become "?" or U+FFFD; newlines and tabs stay. */
const printable = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "?");

/** One graded submission. */
export interface Graded {
  /** The submission's name and results folder: its file name without .html, made safe and unique. */
  name: string;
  /** The file it was read from. */
  file?: string;
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
    r.passed ? "passed: " : "",
    r.message,
    r.smallest ? `\nsmallest failing configuration: ${configText(r.smallest)}${r.smallestMessage ? `: ${r.smallestMessage}` : ""}` : "",
    r.mistake ? `\nlikely mistake: ${r.mistake}` : "",
    r.feedback && !r.passed ? `\n${r.feedback}` : "",
  ].join("");
}

/** A check's output with what the code printed during it: a hidden check's lines stay in that (hidden) check. */
function testOutput(r: CheckResult): string {
  const printed = r.log?.length ? `\nPrinted during this check (first lines):\n${clip(r.log.join("\n"), PRINTED_CHARS)}` : "";
  return printable(clip(r.hidden ? hiddenOutput(r) : publicOutput(r), MESSAGE_CHARS) + printed);
}

/** A submission's results in Gradescope's results.json format. */
export function gradescopeResults(g: Graded, seed: number, notes: readonly string[] = []) {
  return {
    score: totalOf(g),
    execution_time: Math.round(g.seconds),
    output: printable(clip([`Graded with seed ${seed}.`, ...notes, ...g.notes, ...(g.log.length ? ["While the cells were defined:", ...g.log] : [])].join("\n"), OUTPUT_CHARS)),
    visibility: "visible",
    stdout_visibility: "hidden",
    tests: g.results.map((r, i) => ({
      name: r.name,
      number: String(i + 1),
      score: r.score,
      max_score: r.points,
      status: r.passed ? "passed" : "failed",
      output: testOutput(r),
      // Hidden checks show once grades are published, as hidden tests do in nbgrader and otter.
      visibility: r.hidden ? "after_published" : "visible",
    })),
  };
}

/**
 * One CSV field, quoted where needed; a text that a spreadsheet would run as a formula (it
 * starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe.
 */
export function csvField(value: string | number): string {
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The class in one table: a row per submission, a column per check, the total and the notes. */
export function classCsv(graded: readonly Graded[]): string {
  const checks = graded[0]?.results.map((r) => `${r.name} (${r.points})`) ?? [];
  const rows: Array<Array<string | number>> = [["submission", "file", "total", "max", ...checks, "notes"]];
  for (const g of graded) {
    const failedWhy = g.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.hidden ? hiddenOutput(r) : r.message}`);
    rows.push([g.name, g.file ?? "", totalOf(g), maxOf(g), ...g.results.map((r) => r.score), printable(clip([...g.notes, ...failedWhy].join("; "), OUTPUT_CHARS))]);
  }
  return `${rows.map((r) => r.map(csvField).join(",")).join("\n")}\n`;
}
