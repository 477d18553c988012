import { CANCEL_SLOTS, type JobId } from "./protocol.ts";

/** What a cancelled job reports, on both sides of the worker. */
export const CANCELLED_MESSAGE = "cancelled: a newer edit replaced it";

/** Marks a job in the shared array, where an op already running will see it. */
export function raiseFlag(shared: Int32Array, job: JobId): void {
  Atomics.store(shared, job % CANCEL_SLOTS, job);
}

/** Thrown from a checkpoint inside an op whose job was cancelled. */
export class Cancelled extends Error {
  constructor(readonly job: JobId) {
    super(`job ${job} was cancelled`);
    this.name = "Cancelled";
  }
}

/**
 * Which jobs were cancelled. A cancel message marks a job here; where the client shares an
 * array with the worker (SharedArrayBuffer), it also writes the job id into the job's slot, so
 * an op already running sees the flag at its next checkpoint without waiting for a message.
 */
export class CancelFlags {
  private readonly marked = new Set<JobId>();
  constructor(private readonly shared?: Int32Array) {}

  /** Whether a cancel reaches a running job at once (shared memory), not only by message between jobs. */
  get immediate(): boolean {
    return this.shared !== undefined;
  }

  cancel(job: JobId): void {
    this.marked.add(job);
    if (this.shared) raiseFlag(this.shared, job);
  }

  isCancelled(job: JobId): boolean {
    return this.marked.has(job) || (!!this.shared && Atomics.load(this.shared, job % CANCEL_SLOTS) === job);
  }

  /** A job that ended no longer needs its mark. */
  forget(job: JobId): void {
    this.marked.delete(job);
  }
}

/** The shared flags array, where the platform allows sharing memory with a worker. */
export function sharedFlags(): Int32Array | undefined {
  if (typeof SharedArrayBuffer !== "function") return undefined;
  if (typeof globalThis.crossOriginIsolated === "boolean" && !globalThis.crossOriginIsolated) return undefined;
  return new Int32Array(new SharedArrayBuffer(CANCEL_SLOTS * 4));
}
