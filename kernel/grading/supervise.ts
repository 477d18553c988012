import type { ProgramCell } from "./program.ts";
import type { CheckResult } from "./run_check.ts";
import type { SandboxMessage } from "./run_checks.ts";
import type { CheckSpec } from "./spec.ts";

/** What a sandbox is asked to do: define the program, then run checks[from...]. */
export interface SandboxRequest {
  program: ProgramCell[];
  checks: CheckSpec[];
  seed: number;
  from: number;
}

/** One sandbox (a process, a Web Worker) running one request. */
export interface Sandbox {
  /** Resolves when it is gone: with why in words when it died, undefined when it ended by itself. */
  exited: Promise<string | undefined>;
  kill(): void;
}

export type LaunchSandbox = (request: SandboxRequest, onMessage: (m: SandboxMessage) => void) => Sandbox;

export interface SandboxOutcome {
  results: CheckResult[];
  /** What the submission printed, a few lines per check, and any kill said in words. */
  log: string[];
}

const BOOT_MS = 30_000;

export function failedCheck(spec: CheckSpec, reason: string): CheckResult {
  return {
    name: spec.name, function: spec.function, hidden: spec.hidden, points: spec.points, score: 0, passed: false,
    cases: 0, parts: [], message: `${spec.function} ${reason}`,
  };
}

/**
 * Runs checks on a program in sandboxes, whatever they are: a watchdog kills one whose check
 * (or cell definition) runs past the time limit; a check that loops, exhausts memory or kills
 * its sandbox fails alone, with the reason, and a new sandbox goes on from the check after
 * it; a cell that never finishes being defined is marked broken and left out.
 */
export async function supervise(
  launch: LaunchSandbox, program: ProgramCell[], checks: CheckSpec[], seed: number, timeoutMs: number, signal?: AbortSignal,
): Promise<SandboxOutcome> {
  // Starting a sandbox (a process, a worker whose script the dev server compiles) is not the student's time.
  const bootMs = Math.max(timeoutMs, BOOT_MS);
  const results: Array<CheckResult | undefined> = checks.map(() => undefined);
  const log: string[] = [];
  let cells = program.map((c) => ({ ...c }));
  for (let from = 0; from < checks.length;) {
    signal?.throwIfAborted();
    let current: { kind: "cell"; label: string } | { kind: "check"; index: number } | undefined;
    let done = false, progressed = false, timedOut = false, booting = false, timer: ReturnType<typeof setTimeout> | undefined;
    const sandbox = launch({ program: cells, checks, seed, from }, (m) => {
      clearTimeout(timer);
      if (m.type === "cell" || m.type === "start") {
        current = m.type === "cell" ? { kind: "cell", label: m.label } : { kind: "check", index: m.index };
        timer = setTimeout(() => { timedOut = true; sandbox.kill(); }, timeoutMs);
      } else if (m.type === "result") {
        results[m.index] = m.result;
        for (const line of m.log ?? []) log.push(`[${checks[m.index].name}] ${line}`);
        progressed = true;
        current = undefined;
        from = m.index + 1;
      } else {
        done = true;
      }
    });
    timer = setTimeout(() => { booting = true; sandbox.kill(); }, bootMs);
    const abort = () => sandbox.kill();
    signal?.addEventListener("abort", abort);
    const died = await sandbox.exited;
    clearTimeout(timer);
    signal?.removeEventListener("abort", abort);
    signal?.throwIfAborted();
    if (done) break;
    const reason = timedOut ? `did not finish within ${timeoutMs / 1000} s (an infinite loop?)`
      : booting ? `was not checked: the sandbox did not start within ${bootMs / 1000} s` : died ?? "stopped before it finished";
    if (current?.kind === "cell") {
      const label = current.label;
      cells = cells.map((c) => (c.label === label ? { ...c, body: undefined, error: `${label} ${reason} while it was being defined` } : c));
      log.push(`${label} ${reason} while it was being defined`);
    } else if (current?.kind === "check") {
      results[current.index] = failedCheck(checks[current.index], reason);
      log.push(`[${checks[current.index].name}] ${reason}`);
      from = current.index + 1;
    } else if (!progressed) {
      // It died before saying what it was doing: fail what is left rather than loop.
      for (let i = from; i < checks.length; i++) results[i] = failedCheck(checks[i], reason);
      break;
    }
  }
  return { results: results.map((r, i) => r ?? failedCheck(checks[i], "was not run")), log };
}
