import { oneAtATime, type Checker } from "./checker.ts";
import { supervise, type LaunchSandbox } from "./supervise.ts";

/** How long a check may run in the page before its worker is terminated. */
export const PAGE_CHECK_TIMEOUT_MS = 5000;

/**
 * The page's checker: the student's program in a fresh Web Worker per run of checks
 * (check_worker.ts), the comparisons here; the worker is terminated when a call passes the
 * time limit or a newer edit aborts the run, so a student's infinite loop never hangs the page.
 */
export function webWorkerChecker(createWorker: () => Worker, timeoutMs = PAGE_CHECK_TIMEOUT_MS): Checker {
  const launch: LaunchSandbox = (onLine) => {
    const worker = createWorker();
    let settle!: (reason: string | undefined) => void;
    const exited = new Promise<string | undefined>((resolve) => {
      settle = resolve;
    });
    const stop = (reason: string | undefined) => {
      worker.terminate();
      settle(reason);
    };
    worker.onmessage = (event: MessageEvent<unknown>) => {
      if (typeof event.data === "string") onLine(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      stop(`stopped its worker (${event.message || "an error"})`);
    };
    return { send: (line) => worker.postMessage(line), exited, kill: () => stop("was stopped"), close: () => stop(undefined) };
  };
  // Two workers at a time: the page stays responsive and each check gets a core for its time limit.
  return oneAtATime(async (program, checks, seed, signal) => (await supervise(launch, program, checks, seed, { timeoutMs }, signal)).results, 2);
}
