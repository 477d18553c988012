/**
 * The grader's sandbox process, one per submission (started again after a kill). It holds the
 * student's program in a fresh V8 context and answers one request per line on stdin (define a
 * cell, call a function) with one line on stdout. The context has only JavaScript's own
 * globals and the runtime of sandbox_runtime.ts: no process, require, timers or network, no
 * eval or Function from strings (so every line of student code is compiled here, where dynamic
 * import is refused), no WebAssembly compilation. This process never touches a value the
 * student made: it passes strings in and gets a string back. The parent runs it under Node's
 * permission model (it may read only this file), with an empty environment, a heap and
 * address-space limit and, where the system allows, no network, and kills it when a request
 * runs past its time. It compares and scores nothing.
 */
import { createInterface } from "node:readline";
import vm from "node:vm";
import { answerRequest } from "../sandbox_protocol.ts";
import { SANDBOX_RUNTIME_SOURCE, type Dispatch } from "../sandbox_runtime.ts";

// A student's promise that rejects must not end the process; its reason is never read.
process.on("unhandledRejection", () => {});

const context = vm.createContext(Object.create(null), {
  codeGeneration: { strings: false, wasm: false },
  // Microtasks the student queues run when the request that queued them ends (see drain), so a
  // loop in one is charged to that request and caught by its time limit.
  microtaskMode: "afterEvaluate",
});
const dispatch = vm.runInContext(SANDBOX_RUNTIME_SOURCE, context) as Dispatch;
// A rejection made in this context, for a dynamic import (a host error would lead out of it).
const refuseImport = vm.runInContext(`() => { throw new Error("import is not available in an exercise"); }`, context) as () => never;
const drain = new vm.Script("0");

function compile(body: string, label: string): unknown {
  const script = new vm.Script(`(${body})`, { filename: label, importModuleDynamically: refuseImport as never });
  return script.runInContext(context);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  const reply = answerRequest(line, dispatch, compile);
  drain.runInContext(context);
  process.stdout.write(`${reply}\n`);
});
lines.on("close", () => process.exit(0));
process.stdout.write('{"ready":true}\n');
