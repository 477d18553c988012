import { compileProgramCell } from "../../kernel/grading/compile_program.ts";
import { sandboxContext } from "../../kernel/grading/node/sandbox_context.ts";
import type { CheckResult } from "../../kernel/grading/run_check.ts";
import type { CheckSpec } from "../../kernel/grading/spec.ts";
import { supervise, type LaunchSandbox } from "../../kernel/grading/supervise.ts";

/**
 * A sandbox in this process: the process sandbox's own context (sandbox_context.ts), answering
 * each request on the next turn. The check logic without a process, for unit tests (the
 * process sandbox has its own tests).
 */
export const inProcessLaunch: LaunchSandbox = (onLine) => {
  const answer = sandboxContext();
  let done!: (reason: string | undefined) => void,
    open = true;
  const exited = new Promise<string | undefined>((resolve) => {
    done = resolve;
  });
  queueMicrotask(() => onLine('{"ready":true}'));
  return {
    send: (line) => {
      if (open) setTimeout(() => open && onLine(answer(line)), 0);
    },
    exited,
    kill: () => {
      open = false;
      done("was stopped");
    },
    close: () => {
      open = false;
      done(undefined);
    },
  };
};

/** Runs one check on exercise sources in this process. */
export async function checkInProcess(spec: CheckSpec, seed: number, ...sources: string[]): Promise<CheckResult> {
  const program = sources.map((s, i) => compileProgramCell(`exercise ${i + 1}`, "ts", s));
  const { results } = await supervise(inProcessLaunch, program, [spec], seed, { timeoutMs: 60_000 });
  return results[0];
}
