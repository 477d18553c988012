import { getOp, isOpName } from "../tensor/ops/index.ts";
import { tensorStats } from "../tensor/stats.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { gradient } from "./autograd.ts";
import { CANCELLED_MESSAGE, CancelFlags, Cancelled } from "./cancellation.ts";
import type { GradRequest, JobId, Request, Response, RunRequest } from "./protocol.ts";
import { TensorStore, type TensorNode } from "./tensor_store.ts";
import { TrainingJob } from "./training_job.ts";
import { engineInfo } from "../tensor/backend.ts";

export type Post = (response: Response, transfer?: ArrayBuffer[]) => void;
/** Runs the next queued job later, letting cancel messages in first. */
export type Schedule = (drain: () => void) => void;

type Queued = Exclude<Request, { type: "cancel" | "train-control" }>;

/** How long one turn of the worker may go on taking queued jobs (a cancel raises a shared flag the jobs read). */
const BATCH_MS = 2;

/**
 * The worker's side of the engine, free of any worker API so it is tested directly: requests
 * go in through `receive`, responses out through `post`. Cancels and training pauses act at
 * once; everything else runs in arrival order, a few small jobs per turn of the event loop. Training
 * jobs run a step per turn when no other job waits, so the notebook stays live while they run.
 */
export class EngineHandler {
  readonly store = new TensorStore();
  /** Jobs that ran an op (for tests of cancellation): queued jobs that were cancelled never appear. */
  readonly started: JobId[] = [];
  private readonly queue: Queued[] = [];
  private scheduled = false;
  private readonly flags: CancelFlags;
  private readonly trainings: TrainingJob[] = [];

  constructor(
    private readonly post: Post,
    private readonly schedule: Schedule,
    flags?: Int32Array | CancelFlags,
  ) {
    this.flags = flags instanceof CancelFlags ? flags : new CancelFlags(flags);
  }

  receive(request: Request): void {
    if (request.type === "cancel") {
      for (const job of request.jobs) this.flags.cancel(job);
      this.wake(); // a cancelled training is ended on the next turn
      return;
    }
    if (request.type === "train-control") {
      const training = this.trainings.find((t) => t.request.job === request.job);
      if (training) training.paused = request.action === "pause";
      this.wake();
      return;
    }
    this.queue.push(request);
    this.wake();
  }

  private get busy(): boolean {
    return this.queue.length > 0 || this.trainings.some((t) => !t.paused || this.flags.isCancelled(t.request.job));
  }

  private wake(): void {
    if (this.scheduled || !this.busy) return;
    this.scheduled = true;
    this.schedule(() => this.drain());
  }

  /**
   * One turn: queued jobs for up to BATCH_MS (their responses leave together), or one step of
   * a training when none waits. Where cancels come only by message (no shared memory), one
   * job per turn, so that a cancel is read before the next job starts.
   */
  private drain(): void {
    this.scheduled = false;
    const until = performance.now() + (this.flags.immediate ? BATCH_MS : 0);
    let request = this.queue.shift();
    if (!request) this.trainStep();
    while (request) {
      this.handle(request);
      request = this.queue.length && performance.now() < until ? this.queue.shift() : undefined;
    }
    this.wake();
  }

  /** One step of the first training that runs (a cancelled one ends here instead). */
  private trainStep(): void {
    const training = this.trainings.find((t) => !t.paused || this.flags.isCancelled(t.request.job));
    if (!training) return;
    const { job } = training.request;
    const end = () => {
      this.trainings.splice(this.trainings.indexOf(training), 1);
      this.flags.forget(job);
    };
    if (this.flags.isCancelled(job)) {
      end();
      this.post({ type: "cancelled", job });
      return;
    }
    try {
      const progress = training.step();
      if (progress) this.post(progress);
      if (training.done) {
        end();
        this.post({ type: "done", job, ms: progress?.ms ?? 0 });
      }
    } catch (error) {
      end();
      this.fail(job, error, 0);
    }
  }

  private handle(request: Queued): void {
    if (request.type === "release") {
      for (const id of request.ids) this.store.release(id);
      return;
    }
    if (request.type === "count") {
      this.post({ type: "count", job: request.job, tensors: this.store.size, engine: engineInfo() });
      return;
    }
    if (request.type === "train") {
      try {
        this.trainings.push(new TrainingJob(request, this.store));
      } catch (error) {
        this.fail(request.job, error, 0);
      }
      return;
    }
    const job = request.job;
    if (this.flags.isCancelled(job)) {
      this.flags.forget(job);
      this.cancelled(request);
      return;
    }
    const t0 = performance.now();
    try {
      this.execute(request, t0);
    } catch (error) {
      if (error instanceof Cancelled) {
        this.cancelled(request);
      } else {
        const message = namingTheLayer(request, error instanceof Error ? error.message : String(error));
        if (request.type === "run" || request.type === "grad") this.addFailed(request, message);
        this.fail(job, error, performance.now() - t0, message);
      }
    } finally {
      this.flags.forget(job);
    }
  }

  private execute(request: Exclude<Queued, { type: "release" | "count" }>, t0: number): void {
    const checkpoint = () => {
      if (this.flags.isCancelled(request.job)) throw new Cancelled(request.job);
    };
    switch (request.type) {
      case "upload": {
        this.store.add({ id: request.id, label: request.label, inputs: {}, options: {}, output: { shape: request.shape, data: request.data } });
        this.post({ type: "done", job: request.job, ms: performance.now() - t0 });
        return;
      }
      case "run": {
        this.started.push(request.job);
        const { output, saved, state } = this.runOp(request, checkpoint);
        this.store.add({ id: request.id, label: request.label, op: request.op, inputs: request.inputs, options: request.options, output, saved });
        for (const [slot, id] of Object.entries(request.state ?? {})) {
          const value = state?.[slot];
          if (value) this.store.add({ id, label: request.label, inputs: {}, options: {}, output: value });
          else
            this.store.add({
              id,
              label: request.label,
              inputs: {},
              options: {},
              error: `${request.op} "${request.label}": no ${slot} to return (it updates running statistics only when training with them)`,
            });
        }
        this.post({ type: "done", job: request.job, ms: performance.now() - t0 });
        return;
      }
      case "grad": {
        this.started.push(request.job);
        const output = this.runGrad(request, checkpoint);
        this.store.add({ id: request.id, label: request.label, inputs: {}, options: {}, output });
        this.post({ type: "done", job: request.job, ms: performance.now() - t0 });
        return;
      }
      case "read": {
        const t = this.tensor(request.id, "read");
        const data = t.data.slice();
        this.post({ type: "data", job: request.job, shape: [...t.shape], data, ms: performance.now() - t0 }, [data.buffer as ArrayBuffer]);
        return;
      }
      case "stats": {
        const { data } = this.tensor(request.id, "stats");
        this.post({ type: "stats", job: request.job, ...tensorStats(data), ms: performance.now() - t0 });
      }
    }
  }

  private runOp(request: RunRequest, checkpoint: () => void): { output: Tensor; saved: unknown; state?: Record<string, Tensor> } {
    if (!isOpName(request.op)) throw new Error(`${request.op} "${request.label}": no such op in the engine`);
    const inputs: Record<string, Tensor> = {};
    for (const [slot, id] of Object.entries(request.inputs)) {
      inputs[slot] = this.input(id, `${request.op} "${request.label}"`, slot).output!;
    }
    return getOp(request.op).forward(inputs, request.options, { checkpoint });
  }

  private runGrad(request: GradRequest, checkpoint: () => void): Tensor {
    const who = `grad "${request.label}"`;
    const loss = this.input(request.loss, who, "loss");
    const wrt = this.input(request.wrt, who, "wrt");
    return gradient(this.store, loss, wrt, request.label, { checkpoint });
  }

  /** A node an op reads; a failed one passes its own message on, so the error names its origin. */
  private input(id: number, who: string, slot: string): TensorNode {
    const node = this.store.get(id);
    if (!node) throw new Error(`${who}: input ${slot} is no longer in the engine (released, or lost when the worker restarted)`);
    if (node.error !== undefined) throw new Error(node.error);
    return node;
  }

  private tensor(id: number, what: string): Tensor {
    const node = this.store.get(id);
    if (!node) throw new Error(`${what}: tensor ${id} is no longer in the engine`);
    if (node.error !== undefined) throw new Error(node.error);
    return node.output!;
  }

  /** Reports a failed job with the error's own message and name. */
  private fail(job: JobId, error: unknown, ms: number, message = error instanceof Error ? error.message : String(error)): void {
    this.post({ type: "error", job, message, name: error instanceof Error ? error.name : "Error", ms });
  }

  /** A job that will not run or finish: jobs that use its output fail saying why. */
  private cancelled(request: Exclude<Queued, { type: "release" | "count" }>): void {
    if (request.type === "run" || request.type === "grad") this.addFailed(request, CANCELLED_MESSAGE);
    this.post({ type: "cancelled", job: request.job });
  }

  private addFailed(request: RunRequest | GradRequest, error: string): void {
    const inputs = request.type === "run" ? request.inputs : {};
    this.store.add({ id: request.id, label: request.label, op: request.type === "run" ? request.op : undefined, inputs, options: {}, error });
    if (request.type === "run") for (const id of Object.values(request.state ?? {})) this.store.add({ id, label: request.label, inputs: {}, options: {}, error });
  }
}

/**
 * A message that names the layer. The engine's own errors already do; a RangeError from an
 * allocation too large for memory does not, so it gets the op and layer in front.
 */
function namingTheLayer(request: Queued, message: string): string {
  if (request.type !== "run" && request.type !== "grad") return message;
  const who = request.type === "run" ? `${request.op} "${request.label}"` : `grad "${request.label}"`;
  if (message.startsWith(`${who}:`) || /^[\w]+ "[^"]*": /.test(message)) return message;
  return `${who}: ${message}`;
}
