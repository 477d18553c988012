import type { ProgramValues } from "./program.ts";
import { runCheck, UnavailableError, type CheckResult, type Invoke } from "./run_check.ts";
import type { CheckSpec } from "./spec.ts";

/** What a sandbox reports while it checks, one message at a time, so a kill loses only the check under way. */
export type SandboxMessage =
  | { type: "cell"; label: string }
  | { type: "start"; index: number }
  | { type: "result"; index: number; result: CheckResult; log?: string[] }
  | { type: "done" };

/**
 * An Invoke over the program's values: a missing or broken function is an UnavailableError
 * with the reason; otherwise `call` runs it on arguments copied into the sandbox's realm.
 */
export function invokerFor(values: ProgramValues, call: (fn: unknown, args: unknown[]) => unknown): Invoke {
  return (name, args) => {
    const entry = values.get(name);
    if (!entry) throw new UnavailableError(`${name} is not defined: write it in its exercise cell`);
    if (entry.error) throw new UnavailableError(entry.error);
    if (typeof entry.value !== "function") throw new UnavailableError(`${name} should be a function, it is ${typeof entry.value}`);
    return call(entry.value, args);
  };
}

/** Runs checks[from...] in order, saying when each starts and what it gave. */
export function runChecks(
  checks: readonly CheckSpec[], from: number, seed: number, invoke: Invoke,
  emit: (m: SandboxMessage) => void, takeLog: () => string[] = () => [],
): void {
  for (let index = from; index < checks.length; index++) {
    emit({ type: "start", index });
    const result = runCheck(checks[index], invoke, seed);
    const log = takeLog();
    emit({ type: "result", index, result, ...(log.length ? { log } : {}) });
  }
  emit({ type: "done" });
}

/** Copies arguments as JSON with typed arrays marked, so nothing of the caller's realm reaches the student's code. */
export function encodeArgs(args: unknown[]): string {
  return JSON.stringify(args, (_key, v) => (ArrayBuffer.isView(v) ? { $f32: Array.from(v as Float32Array) } : v));
}

/** The reviver of encodeArgs, as source, to be defined inside the sandbox before any student code. */
export const DECODE_SOURCE = `(() => {
  const parse = JSON.parse, F32 = Float32Array;
  return (json) => parse(json, (key, v) => (v !== null && typeof v === "object" && "$f32" in v ? new F32(v.$f32) : v));
})()`;
