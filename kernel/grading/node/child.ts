/**
 * The grader's sandbox process, one per submission (started again after a kill). It reads a
 * request as JSON on stdin, defines the program in a fresh V8 context (no process, require,
 * import, timers or network; only JavaScript's own globals and a console that keeps what is
 * printed) and runs the checks, one JSON line per message on stdout. The parent runs it under
 * Node's permission model (it may read only this file) with a heap and address-space limit,
 * and kills it when a check runs past its time.
 */
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { evaluateProgram } from "../program.ts";
import { EXHAUSTED } from "../run_check.ts";
import { DECODE_SOURCE, encodeArgs, invokerFor, runChecks, type SandboxMessage } from "../run_checks.ts";
import type { SandboxRequest } from "../supervise.ts";

const LOG_LINES = 20;

function emit(message: SandboxMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

const request = JSON.parse(readFileSync(0, "utf8")) as SandboxRequest;
const context = vm.createContext(Object.create(null), { codeGeneration: { strings: true, wasm: false } });
// Defined before any student code runs, from intrinsics the student cannot have replaced yet.
const decode = vm.runInContext(DECODE_SOURCE, context) as (json: string) => unknown[];
const logs = vm.runInContext(`(() => {
  const lines = [], max = ${LOG_LINES}, str = String;
  let dropped = 0;
  const log = (...a) => { if (lines.length < max) lines.push(a.map((x) => str(x)).join(" ").slice(0, 200)); else dropped++; };
  globalThis.console = { log, info: log, warn: log, error: log, debug: log, table: log };
  return () => { const out = lines.splice(0); if (dropped) out.push("... " + dropped + " more lines"); dropped = 0; return out; };
})()`, context) as () => string[];

const values = evaluateProgram(
  request.program,
  (body) => vm.runInContext(`(${body})`, context) as (...inputs: unknown[]) => unknown,
  (label) => emit({ type: "cell", label }),
);
const invoke = invokerFor(values, (fn, args) => Reflect.apply(fn as (...a: unknown[]) => unknown, undefined, decode(encodeArgs(args))));

runChecks(request.checks, request.from, request.seed, invoke, (message) => {
  emit(message);
  // An allocation that failed may have left the context holding memory: start afresh.
  if (message.type === "result" && !message.result.passed && EXHAUSTED.test(message.result.message)) process.exit(0);
}, () => logs());
