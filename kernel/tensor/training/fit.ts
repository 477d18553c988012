import type { RunContext } from "../op.ts";
import type { Tensor } from "../tensor.ts";
import { batchesOf, correct, rows, shuffled } from "./batches.ts";
import { backward, forward, type Graph } from "./graph.ts";
import { Sgd, type SgdOptions } from "./sgd.ts";

export interface FitOptions extends SgdOptions {
  /** The graph's leaf that takes a batch of inputs, and the one that takes its targets. */
  inputLeaf: number;
  targetLeaf: number;
  /** The whole training set: inputs [N, ...] and targets [N] (class indices) or [N, ...]. */
  x: Tensor;
  y: Tensor;
  /** Parameters to train, by leaf id, at their starting values. */
  params: ReadonlyMap<number, Tensor>;
  /** Other leaves the graph reads (fixed tensors). */
  constants?: ReadonlyMap<number, Tensor>;
  /** A node with class scores [batch, classes], for accuracy (absent: no accuracy). */
  scores?: number;
  batchSize: number;
  epochs: number;
  /** Seed of the shuffling; epoch e uses seed + e. */
  seed?: number;
}

export interface Progress {
  epoch: number;
  /** Steps taken so far, over all epochs. */
  step: number;
  stepsPerEpoch: number;
  /** Mean loss and accuracy over the epoch so far. */
  loss: number;
  accuracy: number | null;
  /** The epoch just ended with this step. */
  epochEnded: boolean;
  done: boolean;
}

/**
 * Mini-batch training of a graph, one step per call so the caller (the worker) can report,
 * pause or stop between steps. Full-batch training is a batch size of N; stochastic, of 1.
 */
export class Fit {
  readonly params: Map<number, Tensor>;
  private readonly sgd: Sgd;
  private readonly n: number;
  private epoch = 0;
  private step = 0;
  private batches: number[][] = [];
  private next = 0;
  private lossSum = 0;
  private hits = 0;
  private seen = 0;

  constructor(
    private readonly graph: Graph,
    private readonly options: FitOptions,
  ) {
    this.sgd = new Sgd(options);
    this.params = new Map(options.params);
    this.n = options.x.shape[0];
    if (options.y.shape[0] !== this.n) throw new Error(`train: ${this.n} inputs but ${options.y.shape[0]} targets`);
    // An epoch of no steps would never move the parameters nor end a loop waiting on progress.
    if (this.n === 0) throw new Error("train: no examples to train on (the inputs' batch dimension is 0)");
    if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new Error(`train: expected epochs of 1 or more, got ${options.epochs}`);
    this.startEpoch();
  }

  get stepsPerEpoch(): number {
    return Math.ceil(this.n / this.options.batchSize);
  }
  get done(): boolean {
    return this.epoch >= this.options.epochs;
  }

  private startEpoch(): void {
    this.batches = batchesOf(shuffled(this.n, (this.options.seed ?? 0) + this.epoch), this.options.batchSize);
    this.next = 0;
    this.lossSum = this.hits = this.seen = 0;
  }

  /** One step on the next batch: forward, backward, update. */
  run(context?: RunContext): Progress {
    if (this.done) throw new Error("train: training has ended");
    const batch = this.batches[this.next++];
    const leaves = new Map<number, Tensor>([...(this.options.constants ?? []), ...this.params]);
    leaves.set(this.options.inputLeaf, rows(this.options.x, batch));
    leaves.set(this.options.targetLeaf, rows(this.options.y, batch));
    const evaluation = forward(this.graph, leaves, context);
    const grads = backward(this.graph, evaluation, [...this.params.keys()], context);
    for (const [id, p] of this.params) this.params.set(id, this.sgd.step(id, p, grads.get(id)!));
    this.step++;
    this.lossSum += evaluation.values.get(this.graph.loss)!.data[0] * batch.length;
    this.seen += batch.length;
    if (this.options.scores !== undefined) this.hits += correct(evaluation.values.get(this.options.scores)!, leaves.get(this.options.targetLeaf)!);
    const progress: Progress = {
      epoch: this.epoch,
      step: this.step,
      stepsPerEpoch: this.batches.length,
      loss: this.lossSum / this.seen,
      accuracy: this.options.scores === undefined ? null : this.hits / this.seen,
      epochEnded: this.next >= this.batches.length,
      done: false,
    };
    if (progress.epochEnded) {
      this.epoch++;
      progress.done = this.done;
      if (!this.done) this.startEpoch();
    }
    return progress;
  }

  /** Accuracy of the current parameters on held-out data (forward only, in batches). */
  evaluate(x: Tensor, y: Tensor, batchSize = 256): { loss: number; accuracy: number | null } {
    let lossSum = 0,
      hits = 0;
    const all = Array.from({ length: x.shape[0] }, (_, i) => i);
    for (const batch of batchesOf(all, batchSize)) {
      const leaves = new Map<number, Tensor>([...(this.options.constants ?? []), ...this.params]);
      leaves.set(this.options.inputLeaf, rows(x, batch));
      leaves.set(this.options.targetLeaf, rows(y, batch));
      const { values } = forward(this.graph, leaves);
      lossSum += values.get(this.graph.loss)!.data[0] * batch.length;
      if (this.options.scores !== undefined) hits += correct(values.get(this.options.scores)!, leaves.get(this.options.targetLeaf)!);
    }
    return { loss: lossSum / x.shape[0], accuracy: this.options.scores === undefined ? null : hits / x.shape[0] };
  }
}
