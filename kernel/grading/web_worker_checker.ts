import { oneAtATime, type Checker } from "./checker.ts";
import type { SandboxMessage } from "./run_checks.ts";
import { supervise, type LaunchSandbox } from "./supervise.ts";

/** How long a check may run in the page before its worker is terminated. */
export const PAGE_CHECK_TIMEOUT_MS = 5000;

/**
 * The page's checker: each run of checks in a fresh Web Worker (check_worker.ts), terminated
 * when a check passes the time limit or a newer edit aborts it, so a student's infinite loop
 * never hangs the page. The student's code shares that worker with the check logic: fine for
 * feedback to the student; grading runs in the stricter sandbox of `scanbook grade`.
 */
export function webWorkerChecker(createWorker: () => Worker, timeoutMs = PAGE_CHECK_TIMEOUT_MS): Checker {
  const launch: LaunchSandbox = (request, onMessage) => {
    const worker = createWorker();
    let settle!: (reason: string | undefined) => void;
    const exited = new Promise<string | undefined>((resolve) => { settle = resolve; });
    const stop = (reason: string | undefined) => { worker.terminate(); settle(reason); };
    worker.onmessage = (event: MessageEvent<SandboxMessage>) => {
      onMessage(event.data);
      if (event.data.type === "done") stop(undefined);
    };
    worker.onerror = (event) => { event.preventDefault(); stop(`stopped its worker (${event.message || "an error"})`); };
    worker.postMessage(request);
    return { exited, kill: () => stop("was stopped") };
  };
  // Two workers at a time: the page stays responsive and each check gets a core for its time limit.
  return oneAtATime(async (program, checks, seed, signal) => (await supervise(launch, program, checks, seed, timeoutMs, signal)).results, 2);
}
