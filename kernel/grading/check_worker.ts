/// <reference lib="webworker" />
/**
 * The Web Worker a page runs checks in (see web_worker_checker.ts): one request, the program
 * defined with `new Function` in this worker, each check's start and result posted back.
 */
import { evaluateProgram } from "./program.ts";
import { invokerFor, runChecks, type SandboxMessage } from "./run_checks.ts";
import type { SandboxRequest } from "./supervise.ts";

const post = (message: SandboxMessage) => postMessage(message);

onmessage = (event: MessageEvent<SandboxRequest>) => {
  const request = event.data;
  const values = evaluateProgram(
    request.program,
    // The student's own cells, transpiled by Notebook Kit on the page.
    (body) => new Function(`return (${body});`)() as (...inputs: unknown[]) => unknown,
    (label) => post({ type: "cell", label }),
  );
  const invoke = invokerFor(values, (fn, args) => (fn as (...a: unknown[]) => unknown)(...structuredClone(args)));
  runChecks(request.checks, request.from, request.seed, invoke, post);
};
