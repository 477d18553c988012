import vm from "node:vm";
import { answerRequest } from "../sandbox_protocol.ts";
import { SANDBOX_RUNTIME_SOURCE, type Dispatch } from "../sandbox_runtime.ts";

/**
 * A fresh V8 context holding a student's program, and the one way to talk to it: a request line
 * in, a reply line out. The context has only JavaScript's own globals and the runtime of
 * sandbox_runtime.ts: no process, require, timers or network, no eval or Function from strings
 * (so every line of student code is compiled here, where dynamic import is refused), no
 * WebAssembly. Nothing here touches a value the student made: strings go in, a string comes back.
 */
export function sandboxContext(): (line: string) => string {
  const context = vm.createContext(Object.create(null), {
    codeGeneration: { strings: false, wasm: false },
    // Microtasks the student queues run when the request that queued them ends (see drain), so a
    // loop in one is charged to that request and caught by its time limit.
    microtaskMode: "afterEvaluate",
  });
  const dispatch = vm.runInContext(SANDBOX_RUNTIME_SOURCE, context) as Dispatch;
  // An error made in this context, for a dynamic import (a host error would lead out of it;
  // Node 20 calls this only with --experimental-vm-modules, which the sandbox process has).
  const refuseImport = vm.runInContext(`() => { throw new Error("import is not available in an exercise"); }`, context) as () => never;
  const drain = new vm.Script("0");
  const compile = (body: string, label: string): unknown => new vm.Script(`(${body})`, { filename: label, importModuleDynamically: refuseImport as never }).runInContext(context);
  return (line) => {
    const reply = answerRequest(line, dispatch, compile);
    drain.runInContext(context);
    return reply;
  };
}
