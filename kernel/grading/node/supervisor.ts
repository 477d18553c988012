import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { availableParallelism } from "node:os";
import { oneAtATime, type Checker } from "../checker.ts";
import type { ProgramCell } from "../program.ts";
import type { SandboxMessage } from "../run_checks.ts";
import type { CheckSpec } from "../spec.ts";
import { supervise, type LaunchSandbox, type SandboxOutcome } from "../supervise.ts";
import { childBundle } from "./child_bundle.ts";

export interface Limits {
  /** Per check (and per cell definition): past it the sandbox is killed. */
  timeoutMs: number;
  /** The sandbox's JavaScript heap; its address space gets this plus the 2 GB V8 reserves for itself. */
  memoryMb: number;
}

export const DEFAULT_LIMITS: Limits = { timeoutMs: 10_000, memoryMb: 512 };

/** Why a sandbox process stopped, in words for the student. */
function deathReason(code: number | null, signal: string | null, stderr: string, limits: Limits): string {
  if (/out of memory|allocation failed|bad_alloc|heap limit/i.test(stderr) || signal === "SIGSEGV") return `ran out of memory (the limit is ${limits.memoryMb} MB)`;
  const last = stderr.trim().split("\n").filter(Boolean).pop();
  return `stopped the grader's process (${signal ?? `exit code ${code}`}${last ? `: ${last.slice(0, 200)}` : ""})`;
}

/**
 * A sandbox process: the bundled child under Node's permission model (it may read only its own
 * file: no other file, no child process, no worker), a heap limit, and an address-space limit
 * (ulimit -v) that also bounds typed arrays, which the heap limit does not see. Messages are
 * JSON lines on its stdout.
 */
export function processLauncher(script: string, limits: Limits): LaunchSandbox {
  return (request, onMessage) => {
    const addressSpaceKb = (limits.memoryMb + 2048) * 1024;
    const child = spawn("/bin/sh", [
      "-c", `ulimit -v ${addressSpaceKb} && exec "$0" "$@"`, process.execPath,
      "--experimental-permission", `--allow-fs-read=${script}`, "--no-warnings",
      `--max-old-space-size=${limits.memoryMb}`, script,
    ], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
    createInterface({ input: child.stdout }).on("line", (line) => {
      let message: SandboxMessage;
      try { message = JSON.parse(line) as SandboxMessage; } catch { return; }
      onMessage(message);
    });
    child.stdin.on("error", () => {});
    child.stdin.end(JSON.stringify(request));
    return {
      exited: new Promise((resolve) => {
        child.on("close", (code, signal) => resolve(code === 0 ? undefined : deathReason(code, signal, stderr, limits)));
      }),
      kill: () => child.kill("SIGKILL"),
    };
  };
}

/** Runs the checks on a program in sandbox processes (see supervise). */
export async function runSandboxed(
  program: ProgramCell[], checks: CheckSpec[], seed: number, limits: Limits = DEFAULT_LIMITS, signal?: AbortSignal,
): Promise<SandboxOutcome> {
  return supervise(processLauncher(await childBundle(), limits), program, checks, seed, limits.timeoutMs, signal);
}

/** The checker of headless notebooks: each check cell's checks in a sandbox process, as many at once as there are cores. */
export const nodeChecker: Checker = oneAtATime(
  (program, checks, seed, signal) => runSandboxed(program, checks, seed, DEFAULT_LIMITS, signal).then((o) => o.results),
  availableParallelism(),
);
