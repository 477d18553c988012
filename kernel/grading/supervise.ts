import { programOrder, type ProgramCell } from "./program.ts";
import { EXHAUSTED, runCheck, CallFailed, SandboxStopped, UnavailableError, type CheckResult, type Invoke } from "./run_check.ts";
import { clip, LOG_LINES, readReplyLine, requestLine, type SandboxReply, type SandboxRequest } from "./sandbox_protocol.ts";
import type { CheckSpec } from "./spec.ts";

/**
 * One sandbox (a process, a Web Worker) holding one copy of the student's program. It sends
 * lines: first `{"ready": true}`, then one reply per request. The grader owns everything else:
 * the checks, the reference values, the comparison and the scores.
 */
export interface Sandbox {
  send(line: string): void;
  /** Resolves when it is gone: with why in words when it died, undefined when it ended by itself. */
  exited: Promise<string | undefined>;
  kill(): void;
  /** Asks it to end (no more requests). */
  close(): void;
}

export type LaunchSandbox = (onLine: (line: string) => void) => Sandbox;

export interface SuperviseLimits {
  /** Per check (and per cell definition): the sandbox's time, past which it is stopped. */
  timeoutMs: number;
  /** The whole submission: past it, checks not yet run fail unchecked. */
  submissionMs?: number;
}

export interface SandboxOutcome {
  results: CheckResult[];
  /** What the definitions printed (a few lines), cells that hung, and messages the grader ignored; nothing of any one check. */
  log: string[];
}

/** Starting a sandbox (a process, a worker whose script the dev server compiles) is not the student's time. */
const BOOT_MS = 30_000;
/** How long an ended sandbox may take to exit before it is killed. */
const EXIT_MS = 2_000;

export function failedCheck(spec: CheckSpec, reason: string): CheckResult {
  return {
    name: spec.name,
    function: spec.function,
    hidden: spec.hidden,
    points: spec.points,
    score: 0,
    passed: false,
    cases: 0,
    parts: [],
    message: `${spec.function} ${reason}`,
  };
}

const seconds = (ms: number) => `${Math.round(ms) / 1000} s`;

/** A live sandbox and the one request it may have outstanding; whatever stops it rejects what is awaited. */
class Conversation {
  private next = 1;
  private pending?: { id: number; resolve: (r: SandboxReply) => void; reject: (e: SandboxStopped) => void };
  private boot!: { resolve: () => void; reject: (e: SandboxStopped) => void };
  private readonly booted = new Promise<void>((resolve, reject) => {
    this.boot = { resolve, reject };
  });
  private started = false;
  readonly sandbox: Sandbox;
  stopped?: string;
  /** Started for the hidden checks: no public check runs in it. */
  hiddenOnly = false;

  constructor(
    launch: LaunchSandbox,
    private readonly notes: string[],
  ) {
    this.booted.catch(() => {});
    this.sandbox = launch((line) => this.onLine(line));
    void this.sandbox.exited.then((reason) => this.stop(reason ?? "ended before it answered"));
  }

  private onLine(line: string) {
    if (line === '{"ready":true}') {
      this.started = true;
      this.boot.resolve();
      return;
    }
    const read = readReplyLine(line);
    if ("error" in read) {
      this.notes.push(`the sandbox ${read.error}; it was stopped`);
      this.kill(read.error);
    } else if (this.pending && read.id === this.pending.id) {
      const { resolve } = this.pending;
      this.pending = undefined;
      resolve(read.reply);
    } else {
      this.notes.push("the sandbox sent a reply to nothing the grader asked; it was ignored");
    }
  }

  private stop(reason: string) {
    this.stopped ??= reason;
    this.boot.reject(new SandboxStopped(this.stopped));
    this.pending?.reject(new SandboxStopped(this.stopped));
    this.pending = undefined;
  }

  kill(reason: string) {
    this.stop(reason);
    this.sandbox.kill();
  }

  /** Waits for the sandbox to start (not the student's time), then for its reply within `ms`. */
  async ask(request: SandboxRequest, ms: number, timeoutReason: string): Promise<SandboxReply> {
    if (!this.started) await this.within(this.booted, BOOT_MS, `was not checked: the sandbox did not start within ${seconds(BOOT_MS)}`);
    if (this.stopped) throw new SandboxStopped(this.stopped);
    const id = this.next++;
    const reply = new Promise<SandboxReply>((resolve, reject) => {
      this.pending = { id, resolve, reject };
    });
    this.sandbox.send(requestLine(id, request));
    return this.within(reply, ms, timeoutReason);
  }

  /** `p`, or past `ms` the sandbox is killed with `reason` (which rejects `p`). */
  private async within<T>(p: Promise<T>, ms: number, reason: string): Promise<T> {
    const timer = setTimeout(() => this.kill(reason), Math.max(0, ms));
    try {
      return await p;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends it and keeps the watchdog armed until it has exited. */
  async end(): Promise<void> {
    if (!this.stopped) this.sandbox.close();
    const timer = setTimeout(() => this.kill("did not exit"), EXIT_MS);
    await this.sandbox.exited;
    clearTimeout(timer);
  }
}

/**
 * Runs checks on a program in sandboxes, whatever they are. The sandbox only defines cells and
 * calls functions; each check runs here, asking it for one call at a time. A call that runs
 * past the check's time, exhausts memory or kills the sandbox fails that check alone, with the
 * reason, and a new sandbox (the program defined again) serves the next check; a cell that
 * never finishes being defined is marked broken and left out; past the submission's time, the
 * checks not yet run fail unchecked.
 */
export async function supervise(launch: LaunchSandbox, program: ProgramCell[], checks: CheckSpec[], seed: number, limits: SuperviseLimits, signal?: AbortSignal): Promise<SandboxOutcome> {
  const deadline = limits.submissionMs ? performance.now() + limits.submissionMs : Infinity;
  const outOfTime = `was not checked: the submission ran out of its ${seconds(limits.submissionMs ?? 0)}`;
  const log: string[] = [],
    notes: string[] = [];
  const printed = (lines: string[], into: string[]) => {
    for (const l of lines) if (into.length < LOG_LINES) into.push(l);
  };
  /** Each name the program defines: the error that stands in for it, or its type. */
  const names = new Map<string, { error?: string; type?: string }>();
  const broken = new Map<string, string>();
  let live: Conversation | undefined;
  const conversations: Conversation[] = [];

  const setAll = (cell: ProgramCell, error: string) => {
    for (const o of cell.outputs) if (!names.has(o)) names.set(o, { error });
  };

  /** Defines each cell in a new sandbox; false when one hung (it is marked broken, and the sandbox must start again). */
  const defineAll = async (talk: Conversation, firstTime: boolean): Promise<boolean> => {
    names.clear();
    for (const cell of programOrder(program)) {
      const error = broken.get(cell.label) ?? cell.error ?? (cell.body ? undefined : `${cell.label} is empty`);
      if (error) {
        setAll(cell, error);
        continue;
      }
      const failedInput = cell.inputs.map((i) => names.get(i)).find((v) => v?.error);
      if (failedInput) {
        setAll(cell, failedInput.error!);
        continue;
      }
      const left = deadline - performance.now();
      let reply: SandboxReply;
      try {
        reply = await talk.ask(
          { op: "define", label: cell.label, body: cell.body!, inputs: cell.inputs, outputs: cell.outputs },
          Math.min(limits.timeoutMs, left),
          left < limits.timeoutMs ? outOfTime : `did not finish within ${seconds(limits.timeoutMs)} (an infinite loop?)`,
        );
      } catch (e) {
        if (!(e instanceof SandboxStopped)) throw e;
        signal?.throwIfAborted();
        // Out of the submission's time: no cell is to blame, the checks left fail unchecked.
        if (e.message === outOfTime) throw e;
        const why = `${cell.label} ${e.message} while it was being defined`;
        broken.set(cell.label, why);
        log.push(why);
        return false;
      }
      // What the definitions print is said once, not at every restart.
      if (firstTime) printed(reply.log, log);
      if (reply.kind === "defined") {
        for (const o of cell.outputs) if (!names.has(o)) names.set(o, { type: reply.types[o] ?? "undefined" });
      } else if (reply.kind === "awaits") {
        setAll(cell, `${cell.label} awaits something; an exercise must run synchronously`);
      } else if (reply.kind === "threw") {
        setAll(cell, `${cell.label} failed when it was defined: ${reply.text}`);
      } else {
        setAll(cell, `${cell.label} could not be defined`);
      }
    }
    return true;
  };

  /** A sandbox with the program defined (started again while a cell hangs). */
  const start = async (): Promise<Conversation> => {
    for (;;) {
      const talk = new Conversation(launch, notes);
      const abort = () => talk.kill("was stopped");
      signal?.addEventListener("abort", abort);
      try {
        if (await defineAll(talk, conversations.push(talk) === 1)) return talk;
      } finally {
        signal?.removeEventListener("abort", abort);
      }
      talk.kill("was restarted");
    }
  };

  const results: CheckResult[] = new Array(checks.length);
  // Public checks first, then the hidden ones in a sandbox of their own: state the student's
  // code keeps between calls can never carry a hidden case's inputs into a public check's output.
  const order = [...checks.keys()].sort((a, b) => Number(checks[a].hidden) - Number(checks[b].hidden) || a - b);
  try {
    for (const index of order) {
      const spec = checks[index];
      signal?.throwIfAborted();
      if (spec.hidden && live && !live.hiddenOnly) live.kill("was restarted");
      if (performance.now() >= deadline) {
        results[index] = failedCheck(spec, outOfTime);
        continue;
      }
      let budget = limits.timeoutMs;
      const printedHere: string[] = [];
      const invoke: Invoke = async (fn, args) => {
        if (!live || live.stopped) {
          live = await start();
          live.hiddenOnly = spec.hidden;
        }
        const entry = names.get(fn);
        if (!entry) throw new UnavailableError(`${fn} is not defined: write it in its exercise cell`);
        if (entry.error) throw new UnavailableError(entry.error);
        if (entry.type !== "function") throw new UnavailableError(`${fn} should be a function, it is ${entry.type}`);
        const left = deadline - performance.now(),
          ms = Math.min(budget, left);
        if (ms <= 0) throw new SandboxStopped(left <= 0 ? outOfTime : `did not finish within ${seconds(limits.timeoutMs)} (an infinite loop?)`);
        const t0 = performance.now();
        const abort = () => live?.kill("was stopped");
        signal?.addEventListener("abort", abort);
        let reply: SandboxReply;
        try {
          reply = await live.ask({ op: "call", name: fn, args }, ms, left < budget ? outOfTime : `did not finish within ${seconds(limits.timeoutMs)} (an infinite loop?)`);
        } finally {
          budget -= performance.now() - t0;
          signal?.removeEventListener("abort", abort);
        }
        printed(reply.log, printedHere);
        switch (reply.kind) {
          case "value":
            return reply.value;
          case "threw":
            throw new CallFailed(reply.error ? `${fn} threw: ${reply.text}` : `${fn} threw ${reply.text}`);
          case "notFunction":
            throw new UnavailableError(`${fn} should be a function, it is ${reply.type}`);
          case "tooLarge":
            throw new CallFailed(`${fn} returned more than ${reply.limit.toLocaleString("en-US")} values`);
          case "unreadable":
            throw new CallFailed(`${fn}'s result could not be read: ${reply.text}`);
          default:
            throw new CallFailed(`${fn} could not be called in the sandbox`);
        }
      };
      let result: CheckResult;
      try {
        result = await runCheck(spec, invoke, seed);
      } catch (e) {
        if (!(e instanceof SandboxStopped)) throw e;
        signal?.throwIfAborted();
        result = failedCheck(spec, e.message);
      }
      if (printedHere.length) result.log = printedHere;
      results[index] = result;
      // An allocation that failed may have left the sandbox holding memory: the next check starts afresh.
      if (!result.passed && EXHAUSTED.test(result.message)) live?.kill("was restarted");
    }
  } finally {
    await Promise.all(conversations.map((c) => c.end()));
  }
  signal?.throwIfAborted();
  return { results, log: [...log, ...[...new Set(notes)].map((n) => clip(n, 300))] };
}
