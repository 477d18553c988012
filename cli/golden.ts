import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { runGoldenCase, type GoldenFile } from "../kernel/tensor/golden.ts";
import type { DType } from "../kernel/tensor/tensor.ts";

/** `scanbook golden FILE`: prints each failure, then `N passed, N failed`; 1 if any failed, 2 if unusable. */
export function golden(args: string[]): number {
  let file: string | undefined;
  let dtype: DType = "float32";
  let verbose = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--dtype") {
      const v = args[++i];
      if (v !== "float32" && v !== "float64") { console.error(`golden: --dtype must be float32 or float64, got ${v}`); return 2; }
      dtype = v;
    } else if (a === "--verbose") verbose = true;
    else if (a.startsWith("-")) { console.error(`golden: unknown option ${a}`); return 2; }
    else if (file === undefined) file = a;
    else { console.error(`golden: one file expected, got also ${a}`); return 2; }
  }
  if (!file) { console.error("usage: npm run golden -- FILE [--dtype float32|float64] [--verbose]"); return 2; }
  let parsed: GoldenFile;
  try {
    // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
    parsed = JSON.parse(readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), "utf8")) as GoldenFile;
  } catch (error) {
    console.error(`golden: cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  if (!parsed || !Array.isArray(parsed.cases)) { console.error(`golden: ${file} has no "cases" list`); return 2; }
  let passed = 0, failed = 0;
  for (const c of parsed.cases) {
    const result = runGoldenCase(c, dtype);
    if (result.passed) {
      passed++;
      if (verbose) console.log(`ok   ${result.id}`);
    } else {
      failed++;
      console.log(`FAIL ${result.id ?? "(no id)"} (${result.op}): ${result.failures.join("; ")}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
