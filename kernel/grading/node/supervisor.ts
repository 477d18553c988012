import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Checker } from "../checker.ts";
import type { ProgramCell } from "../program.ts";
import type { CheckResult } from "../run_check.ts";
import type { SandboxMessage } from "../run_checks.ts";
import type { CheckSpec } from "../spec.ts";
import type { SandboxRequest } from "./child.ts";
import { childBundle } from "./child_bundle.ts";

export interface Limits {
  /** Per check (and per cell definition): past it the sandbox is killed. */
  timeoutMs: number;
  /** The sandbox's JavaScript heap; its address space gets this plus the 2 GB V8 reserves for itself. */
  memoryMb: number;
}

export const DEFAULT_LIMITS: Limits = { timeoutMs: 10_000, memoryMb: 512 };

export interface SandboxOutcome {
  results: CheckResult[];
  /** What the submission printed, a few lines per check, and any kill said in words. */
  log: string[];
}

/** One process's run: messages until it exits, with a watchdog over the step under way. */
function runOnce(script: string, request: SandboxRequest, limits: Limits, onMessage: (m: SandboxMessage) => void, signal?: AbortSignal) {
  // ulimit -v bounds typed arrays too, which the heap limit does not see.
  const addressSpaceKb = (limits.memoryMb + 2048) * 1024;
  const child = spawn("/bin/sh", [
    "-c", `ulimit -v ${addressSpaceKb} && exec "$0" "$@"`, process.execPath,
    "--experimental-permission", `--allow-fs-read=${script}`, "--no-warnings",
    `--max-old-space-size=${limits.memoryMb}`, script,
  ], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "", timedOut = false, timer: NodeJS.Timeout | undefined;
  const watch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL"); }, limits.timeoutMs);
  };
  const abort = () => child.kill("SIGKILL");
  signal?.addEventListener("abort", abort);
  child.stderr.on("data", (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  createInterface({ input: child.stdout }).on("line", (line) => {
    let message: SandboxMessage;
    try { message = JSON.parse(line) as SandboxMessage; } catch { return; }
    if (message.type === "cell" || message.type === "start") watch();
    if (message.type === "result" || message.type === "done") clearTimeout(timer);
    onMessage(message);
  });
  child.stdin.on("error", () => {});
  child.stdin.end(JSON.stringify(request));
  watch();
  return new Promise<{ timedOut: boolean; code: number | null; signal: string | null; stderr: string }>((resolve) => {
    child.on("close", (code, killedBy) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", abort);
      resolve({ timedOut, code, signal: killedBy, stderr });
    });
  });
}

/** Why a process that was checking stopped, in words for the student. */
function deathReason(exit: { timedOut: boolean; code: number | null; signal: string | null; stderr: string }, limits: Limits): string {
  if (exit.timedOut) return `did not finish within ${limits.timeoutMs / 1000} s (an infinite loop?)`;
  if (/out of memory|allocation failed|bad_alloc|heap limit/i.test(exit.stderr) || exit.signal === "SIGSEGV") return `ran out of memory (the limit is ${limits.memoryMb} MB)`;
  const last = exit.stderr.trim().split("\n").filter(Boolean).pop();
  return `stopped the grader's process (${exit.signal ?? `exit code ${exit.code}`}${last ? `: ${last.slice(0, 200)}` : ""})`;
}

function failed(spec: CheckSpec, reason: string): CheckResult {
  return {
    name: spec.name, function: spec.function, hidden: spec.hidden, points: spec.points, score: 0, passed: false,
    cases: 0, parts: [], message: `${spec.function} ${reason}`,
  };
}

/**
 * Runs the checks on a program in sandbox processes: a check that loops, exhausts memory or
 * kills its process fails alone, with the reason, and the next process goes on from the check
 * after it; a cell that never finishes being defined is marked broken and left out.
 */
export async function runSandboxed(
  program: ProgramCell[], checks: CheckSpec[], seed: number, limits: Limits = DEFAULT_LIMITS, signal?: AbortSignal,
): Promise<SandboxOutcome> {
  const script = await childBundle();
  const results: Array<CheckResult | undefined> = checks.map(() => undefined);
  const log: string[] = [];
  let cells = program.map((c) => ({ ...c }));
  for (let from = 0; from < checks.length;) {
    let current: { kind: "cell"; label: string } | { kind: "check"; index: number } | undefined;
    let done = false, progressed = false;
    const exit = await runOnce(script, { program: cells, checks, seed, from, memoryMb: limits.memoryMb }, limits, (m) => {
      if (m.type === "cell") current = { kind: "cell", label: m.label };
      else if (m.type === "start") current = { kind: "check", index: m.index };
      else if (m.type === "result") {
        results[m.index] = m.result;
        progressed = true;
        for (const line of m.log ?? []) log.push(`[${checks[m.index].name}] ${line}`);
        current = undefined;
        from = m.index + 1;
      } else done = true;
    }, signal);
    signal?.throwIfAborted();
    if (done) break;
    const reason = deathReason(exit, limits);
    if (current?.kind === "cell") {
      const label = current.label;
      cells = cells.map((c) => (c.label === label ? { ...c, body: undefined, error: `${label} ${reason} while it was being defined` } : c));
      log.push(`${label} ${reason} while it was being defined`);
    } else if (current?.kind === "check") {
      results[current.index] = failed(checks[current.index], reason);
      log.push(`[${checks[current.index].name}] ${reason}`);
      from = current.index + 1;
    } else if (!progressed) {
      // It died before saying what it was doing: fail what is left rather than loop.
      for (let i = from; i < checks.length; i++) results[i] = failed(checks[i], reason);
      break;
    }
  }
  return { results: results.map((r, i) => r ?? failed(checks[i], "was not run")), log };
}

/** The checker of headless notebooks: each check cell's checks in a sandbox process. */
export const nodeChecker: Checker = (program, checks, seed, signal) =>
  runSandboxed(program, checks, seed, DEFAULT_LIMITS, signal).then((o) => o.results);
