import { spawn, spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { oneAtATime, type Checker } from "../checker.ts";
import type { ProgramCell } from "../program.ts";
import { MAX_REPLY_BYTES } from "../sandbox_protocol.ts";
import type { CheckSpec } from "../spec.ts";
import { supervise, type LaunchSandbox, type SandboxOutcome } from "../supervise.ts";
import { childBundle } from "./child_bundle.ts";
import { lineSplitter } from "./lines.ts";

export interface Limits {
  /** Per check (and per cell definition): past it the sandbox is killed. */
  timeoutMs: number;
  /** The sandbox's JavaScript heap; its address space gets this plus NODE_ADDRESS_SPACE_MB, so typed arrays get about as much. */
  memoryMb: number;
  /** The whole submission; by default 30 s plus 3 s per check, and never under twice a check's time. */
  submissionMs?: number;
}

export const DEFAULT_LIMITS: Limits = { timeoutMs: 10_000, memoryMb: 512 };

/**
 * The address space Node itself takes before any student code (measured: 760 MB of virtual
 * memory for Node 20 at rest, whatever the heap limit). The sandbox's limit is this plus
 * `memoryMb`, so a hog of typed arrays (which the heap limit does not see) fails after about
 * `memoryMb` more, quickly on any machine, well before a check's time runs out.
 */
export const NODE_ADDRESS_SPACE_MB = 1024;

export const submissionTimeoutMs = (limits: Limits, checks: number) => limits.submissionMs ?? Math.max(2 * limits.timeoutMs, 30_000 + 3_000 * checks);

/** Why a sandbox process stopped, in words for the student. */
function deathReason(code: number | null, signal: string | null, stderr: string, limits: Limits): string {
  if (/out of memory|allocation failed|bad_alloc|heap limit/i.test(stderr) || signal === "SIGSEGV") return `ran out of memory (the limit is ${limits.memoryMb} MB)`;
  const last = stderr.trim().split("\n").filter(Boolean).pop();
  return `stopped the grader's process (${signal ?? `exit code ${code}`}${last ? `: ${last.slice(0, 200)}` : ""})`;
}

/** How the sandbox is kept off the network: a network namespace of its own, when the system lets us make one. */
export interface NetworkIsolation {
  prefix: string[];
  said: string;
}

let isolation: NetworkIsolation | undefined;

/**
 * Finds out once whether `unshare` can give the sandbox a network namespace (root, or user
 * namespaces allowed): in one, it has only a loopback device that is down, so no address,
 * not even this machine's, can be reached. Said in the grader's log either way.
 */
export function networkIsolation(): NetworkIsolation {
  if (isolation) return isolation;
  // The sandbox gets no PATH, so the command is named by its full path.
  const unshare = spawnSync("/bin/sh", ["-c", "command -v unshare"], { encoding: "utf8" }).stdout?.trim();
  for (const prefix of unshare
    ? [
        [unshare, "--net"],
        [unshare, "--user", "--map-root-user", "--net"],
      ]
    : []) {
    const probe = spawnSync(prefix[0], [...prefix.slice(1), "/bin/true"], { stdio: "ignore", timeout: 5000 });
    if (probe.status === 0) return (isolation = { prefix, said: `network: none (each sandbox in its own network namespace: ${prefix.map((p) => p.split("/").pop()).join(" ")})` });
  }
  return (isolation = {
    prefix: [],
    said: "network: NOT isolated at the system level (unshare --net is not available to this user); the sandbox's JavaScript context has no API to reach it",
  });
}

/**
 * A sandbox process: the bundled child in its own network namespace where possible, under
 * Node's permission model (it may read only its own file: no other file, no child process, no
 * worker), with an empty environment and no arguments but its file, a heap limit and an
 * address-space limit (ulimit -v) that also bounds typed arrays. Its lines are read with a
 * cap on their length, whatever it sends.
 */
export function processLauncher(script: string, limits: Limits): LaunchSandbox {
  const { prefix } = networkIsolation();
  return (onLine) => {
    const addressSpaceKb = (limits.memoryMb + NODE_ADDRESS_SPACE_MB) * 1024;
    const node = [process.execPath, "--experimental-permission", `--allow-fs-read=${script}`, "--experimental-vm-modules", "--no-warnings", `--max-old-space-size=${limits.memoryMb}`, script];
    const command = [...prefix, "/bin/sh", "-c", `unset PWD OLDPWD; ulimit -v ${addressSpaceKb} && exec "$0" "$@"`, ...node];
    const child = spawn(command[0], command.slice(1), { stdio: ["pipe", "pipe", "pipe"], env: {} });
    let stderr = "",
      tooLong = false;
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.stdout.on(
      "data",
      lineSplitter(MAX_REPLY_BYTES, onLine, () => {
        tooLong = true;
        child.kill("SIGKILL");
      }),
    );
    child.stdin.on("error", () => {});
    return {
      send: (line) => {
        if (child.stdin.writable) child.stdin.write(`${line}\n`);
      },
      exited: new Promise((resolve) => {
        child.on("close", (code, signal) => resolve(tooLong ? `sent more than ${MAX_REPLY_BYTES >> 20} MB at once` : code === 0 ? undefined : deathReason(code, signal, stderr, limits)));
        child.on("error", (e) => resolve(`could not start its sandbox (${e.message})`));
      }),
      kill: () => child.kill("SIGKILL"),
      close: () => child.stdin.end(),
    };
  };
}

/** Runs the checks on a program in sandbox processes (see supervise). */
export async function runSandboxed(program: ProgramCell[], checks: CheckSpec[], seed: number, limits: Limits = DEFAULT_LIMITS, signal?: AbortSignal): Promise<SandboxOutcome> {
  const launch = processLauncher(await childBundle(), limits);
  return supervise(launch, program, checks, seed, { timeoutMs: limits.timeoutMs, submissionMs: submissionTimeoutMs(limits, checks.length) }, signal);
}

/** The checker of headless notebooks: each check cell's checks in a sandbox process, as many at once as there are cores. */
export const nodeChecker: Checker = oneAtATime((program, checks, seed, signal) => runSandboxed(program, checks, seed, DEFAULT_LIMITS, signal).then((o) => o.results), availableParallelism());
