import vm from "node:vm";
import { compileProgramCell } from "../../kernel/grading/compile_program.ts";
import type { CheckResult } from "../../kernel/grading/run_check.ts";
import { answerRequest } from "../../kernel/grading/sandbox_protocol.ts";
import { SANDBOX_RUNTIME_SOURCE, type Dispatch } from "../../kernel/grading/sandbox_runtime.ts";
import type { CheckSpec } from "../../kernel/grading/spec.ts";
import { supervise, type LaunchSandbox } from "../../kernel/grading/supervise.ts";

/**
 * A sandbox in this process: the runtime (from its source text, as the process sandbox loads
 * it) and the student's cells in a fresh V8 context, answering each request on the next turn.
 * The check logic without a process, for unit tests (the process sandbox has its own tests).
 */
export const inProcessLaunch: LaunchSandbox = (onLine) => {
  const context = vm.createContext(Object.create(null));
  const dispatch = vm.runInContext(SANDBOX_RUNTIME_SOURCE, context) as Dispatch;
  const compile = (body: string, label: string) => new vm.Script(`(${body})`, { filename: label }).runInContext(context) as unknown;
  let done!: (reason: string | undefined) => void, open = true;
  const exited = new Promise<string | undefined>((resolve) => { done = resolve; });
  queueMicrotask(() => onLine('{"ready":true}'));
  return {
    send: (line) => { if (open) setTimeout(() => open && onLine(answerRequest(line, dispatch, compile)), 0); },
    exited,
    kill: () => { open = false; done("was stopped"); },
    close: () => { open = false; done(undefined); },
  };
};

/** Runs one check on exercise sources in this process. */
export async function checkInProcess(spec: CheckSpec, seed: number, ...sources: string[]): Promise<CheckResult> {
  const program = sources.map((s, i) => compileProgramCell(`exercise ${i + 1}`, "ts", s));
  const { results } = await supervise(inProcessLaunch, program, [spec], seed, { timeoutMs: 60_000 });
  return results[0];
}
