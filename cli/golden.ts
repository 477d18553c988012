import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { backendInfo, preferredBackend, setBackend } from "../kernel/tensor/backend.ts";
import { runGoldenCase, type GoldenFile } from "../kernel/tensor/golden.ts";
import { wasmReady } from "../kernel/tensor/wasm/module.ts";
import { parseCommandLine, usageError } from "./args.ts";
import { commandNamed } from "./commands.ts";

const SPEC = commandNamed("golden")!;

/** `scanbook golden FILE`: prints each failure, then `N passed, N failed`; 1 if any failed, 2 if unusable. */
export async function golden(args: string[]): Promise<number> {
  const line = parseCommandLine(SPEC, args);
  if (typeof line === "string") return usageError(SPEC, line);
  const dtype = (line.values.dtype as string | undefined) ?? "float32";
  if (dtype !== "float32" && dtype !== "float64") return usageError(SPEC, `--dtype must be float32 or float64, got ${dtype}`);
  const verbose = line.values.verbose === true;
  const backend = (line.values.backend as string | undefined) ?? preferredBackend();
  if (backend !== "wasm" && backend !== "js") return usageError(SPEC, `--backend must be wasm or js, got ${backend}`);
  if (line.operands.length !== 1) return usageError(SPEC, line.operands.length ? `one file expected, got also ${line.operands[1]}` : "a golden file is required");
  const file = line.operands[0];
  let parsed: GoldenFile;
  try {
    // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
    parsed = JSON.parse(readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), "utf8")) as GoldenFile;
  } catch (error) {
    console.error(`golden: cannot read ${file}: ${(error as Error).message}`);
    return 2;
  }
  if (!parsed || !Array.isArray(parsed.cases)) {
    console.error(`golden: ${file} has no "cases" list`);
    return 2;
  }
  // The kernels compile asynchronously: wait, so the cases run on the backend asked for.
  await wasmReady;
  const before = preferredBackend();
  setBackend(backend);
  let passed = 0,
    failed = 0;
  try {
    const info = backendInfo();
    console.error(
      `golden: ${info.backend === "wasm" ? "WebAssembly SIMD kernels where an op has one, the reference for the rest" : `the reference backend${info.note ? ` (${info.note})` : ""}`}, ${dtype}`,
    );
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
  } finally {
    setBackend(before); // a caller in the same process (a test) keeps its own
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}
