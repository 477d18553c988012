import type { Tensor } from "../tensor/tensor.ts";
import type { TensorStats } from "../tensor/stats.ts";
import { CANCELLED_MESSAGE, raiseFlag, sharedFlags } from "./cancellation.ts";
import type { Data, JobId, ProgressResponse, Request, Response, TensorId, TrainRequest } from "./protocol.ts";
import type { EngineInfo } from "../tensor/backend.ts";

/** One running engine worker, however it is hosted (worker_threads, Web Worker, in process). */
export interface Transport {
  post(request: Request, transfer?: ArrayBuffer[]): void;
  close(): void;
  /** Ends the worker abruptly, as a crash would (tests of recovery). */
  kill?(): void;
}

export interface SpawnHooks {
  onMessage(response: Response): void;
  /** The worker died: an uncaught error, or its process or thread ended. */
  onExit(reason: string): void;
  /** Shared cancellation flags, when the platform can share memory. */
  shared?: Int32Array;
}
export type Spawn = (hooks: SpawnHooks) => Transport;

/** A job the worker failed, with the worker's own message. */
export class EngineError extends Error {
  constructor(message: string, name: string) {
    super(message);
    this.name = name === "Error" ? "EngineError" : name;
  }
}

/** A job that was cancelled because a newer edit replaced it; its result is never shown. */
export class JobCancelled extends Error {
  constructor() {
    super(CANCELLED_MESSAGE);
    this.name = "JobCancelled";
  }
}

interface Pending {
  resolve(value: Response): void;
  reject(error: Error): void;
}

export interface JobTicket {
  id: TensorId;
  job: JobId;
  /** Ids reserved for the op's state tensors, by name (see RunRequest.state). */
  state?: Record<string, TensorId>;
  /** Resolves with the job's time in the worker (ms). */
  done: Promise<number>;
}

/**
 * The main thread's side of the engine: gives tensors and jobs ids, sends requests, and turns
 * each response into the settlement of that job's promise. If the worker dies, every waiting
 * job fails with a message saying so and a new worker starts; tensors of the old one are gone,
 * which `generation` lets their holders notice.
 */
export class EngineClient {
  /** Workers that die before their first message, in a row, before no more are started. */
  static readonly START_ATTEMPTS = 3;
  generation = 0;
  /** Jobs the worker reported cancelled (skipped in its queue or stopped while running). */
  cancelledJobs = 0;
  private transport: Transport;
  private readonly pending = new Map<JobId, Pending>();

  /** Jobs sent and not yet answered (queued or running in the worker): the page's busy indicator. */
  get jobsInFlight(): number {
    return this.pending.size;
  }
  private nextId = 1;
  private nextJob = 1;
  private readonly shared = sharedFlags();
  private closed = false;
  private readonly restartListeners = new Set<(reason: string) => void>();
  private readonly progressListeners = new Map<JobId, (progress: ProgressResponse) => void>();
  /** Workers in a row that died before saying anything: a worker that cannot even load. */
  private silentDeaths = 0;
  /** Set once starting workers is given up: why no worker could start. */
  private broken?: string;

  constructor(private readonly spawn: Spawn) {
    this.transport = this.start();
  }

  private start(): Transport {
    const generation = this.generation;
    let heard = false;
    return this.spawn({
      shared: this.shared,
      onMessage: (response) => {
        if (generation !== this.generation) return;
        heard = true;
        this.silentDeaths = 0;
        this.settle(response);
      },
      onExit: (reason) => {
        if (generation !== this.generation) return;
        if (!heard && reason !== "killed") this.silentDeaths++;
        this.died(reason);
      },
    });
  }

  private settle(response: Response): void {
    if (response.type === "progress") {
      this.progressListeners.get(response.job)?.(response);
      return;
    }
    this.progressListeners.delete(response.job);
    const pending = this.pending.get(response.job);
    if (!pending) return;
    this.pending.delete(response.job);
    if (response.type === "error") pending.reject(new EngineError(response.message, response.name));
    else if (response.type === "cancelled") {
      this.cancelledJobs++;
      pending.reject(new JobCancelled());
    } else pending.resolve(response);
  }

  private died(reason: string): void {
    if (this.closed || this.broken) return;
    this.generation++;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.progressListeners.clear();
    try {
      this.transport.close();
    } catch {
      /* already gone */
    }
    if (this.silentDeaths >= EngineClient.START_ATTEMPTS) {
      // A worker that cannot load would fail the same way each time: stop, and say why.
      this.broken = `the engine worker could not start (${reason}); reload the page to try again`;
      for (const p of waiting) p.reject(new EngineError(this.broken, "WorkerStopped"));
      return;
    }
    this.transport = this.start();
    const message = `the engine worker stopped (${reason}); a new one has started: edit a cell to recompute`;
    for (const p of waiting) p.reject(new EngineError(message, "WorkerStopped"));
    for (const listener of this.restartListeners) listener(reason);
  }

  /** Called after the worker died and a new one started. */
  onRestart(listener: (reason: string) => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  private request<R extends Response>(request: Request, transfer?: ArrayBuffer[]): Promise<R> {
    if (this.closed) return Promise.reject(new Error("the engine is closed"));
    if (this.broken) return Promise.reject(new EngineError(this.broken, "WorkerStopped"));
    const promise = new Promise<Response>((resolve, reject) => {
      this.pending.set((request as { job: JobId }).job, { resolve, reject });
    });
    this.transport.post(request, transfer);
    return promise as Promise<R>;
  }

  private ticket(make: (id: TensorId, job: JobId) => Request, transfer?: ArrayBuffer[]): JobTicket {
    const id = this.nextId++,
      job = this.nextJob++;
    const done = this.request<Response & { ms: number }>(make(id, job), transfer).then((r) => r.ms);
    done.catch(() => {}); // the holder reports it; an unobserved failure must not go unhandled
    return { id, job, done };
  }

  upload(shape: number[], data: Data, label: string): JobTicket {
    return this.ticket((id, job) => ({ type: "upload", job, id, shape, data, label }), [data.buffer as ArrayBuffer]);
  }

  run(op: string, inputs: Record<string, TensorId>, options: Record<string, unknown>, label: string, stateSlots: readonly string[] = []): JobTicket {
    if (!stateSlots.length) return this.ticket((id, job) => ({ type: "run", job, id, op, inputs, options, label }));
    const state = Object.fromEntries(stateSlots.map((slot) => [slot, this.nextId++]));
    return { ...this.ticket((id, job) => ({ type: "run", job, id, op, inputs, options, label, state })), state };
  }

  grad(loss: TensorId, wrt: TensorId, label: string): JobTicket {
    return this.ticket((id, job) => ({ type: "grad", job, id, loss, wrt, label }));
  }

  /**
   * Starts a training job; `onProgress` hears how it goes. Ids for the per-epoch parameter
   * snapshots are reserved here. `done` resolves when training ends, rejects if it fails or is
   * cancelled (stopping is cancelling the job).
   */
  train(spec: Omit<TrainRequest, "type" | "job" | "snapshotIds">, onProgress: (progress: ProgressResponse) => void): { job: JobId; done: Promise<number> } {
    const job = this.nextJob++;
    const snapshotIds = this.nextId;
    this.nextId += spec.options.epochs * (spec.params.length + (spec.buffers?.length ?? 0));
    this.progressListeners.set(job, onProgress);
    const done = this.request<Response & { ms: number }>({ ...spec, type: "train", job, snapshotIds }).then((r) => r.ms);
    done.catch(() => {}); // the holder reports it
    return { job, done };
  }

  /** Pauses or resumes a training job between its steps. */
  controlTraining(job: JobId, action: "pause" | "resume"): void {
    if (!this.closed) this.transport.post({ type: "train-control", job, action });
  }

  async read(id: TensorId): Promise<Tensor> {
    const r = await this.request<Extract<Response, { type: "data" }>>({ type: "read", job: this.nextJob++, id });
    return { shape: r.shape, data: r.data };
  }

  /** Min, max and mean of the values that are not NaN (NaN when there are none: empty, or all NaN), and how many are NaN. */
  async stats(id: TensorId): Promise<TensorStats> {
    const { min, max, mean, nan } = await this.request<Extract<Response, { type: "stats" }>>({ type: "stats", job: this.nextJob++, id });
    return { min, max, mean, nan };
  }

  /** How many tensors the worker holds, once the requests before this one are done. */
  /** What computes in the worker: the backend, its threads and memory. */
  async engineInfo(): Promise<EngineInfo> {
    return (await this.request<Extract<Response, { type: "count" }>>({ type: "count", job: this.nextJob++ })).engine;
  }

  async count(): Promise<number> {
    return (await this.request<Extract<Response, { type: "count" }>>({ type: "count", job: this.nextJob++ })).tensors;
  }

  release(ids: TensorId[]): void {
    if (ids.length && !this.closed) this.transport.post({ type: "release", ids });
  }

  cancel(jobs: JobId[]): void {
    if (!jobs.length || this.closed) return;
    this.transport.post({ type: "cancel", jobs });
    // The worker sees the shared flag even while an op runs; the message covers queued jobs.
    if (this.shared) for (const job of jobs) raiseFlag(this.shared, job);
  }

  /** Cancels every job sent and not yet answered (a command out of time, before it reads what settled). */
  cancelAll(): void {
    this.cancel([...this.pending.keys()]);
  }

  /** Kills the worker as a crash would; the client notices and starts another (tests of recovery). */
  killWorker(): void {
    this.transport.kill?.();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new Error("the engine is closed"));
    this.pending.clear();
    this.transport.close();
  }
}
