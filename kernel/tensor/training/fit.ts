import type { RunContext } from "../op.ts";
import { allocate, dtypeOf, type Tensor } from "../tensor.ts";
import { batchesOf, correct, rows, shuffled } from "./batches.ts";
import { backward, forward, type Graph, type GraphNode } from "./graph.ts";
import { makeOptimizer, type Optimizer } from "./optimizers.ts";
import { schedule } from "./schedules.ts";
import type { SgdOptions } from "./sgd.ts";

export interface FitOptions extends SgdOptions {
  /** sgd (the default), adam, adamw or rmsprop, with its options besides lr, momentum and weightDecay. */
  optimizer?: string;
  optimizerOptions?: Record<string, unknown>;
  /** The learning rate per epoch: {kind, ...its options}; the base rate is lr. */
  schedule?: Record<string, unknown>;
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
  /**
   * Running statistics, by leaf id, at their starting values: every batch norm that trains
   * with running statistics must find its runningMean and runningVar here. Each step writes
   * the statistics it returns back (PyTorch's in-place buffer update).
   */
  buffers?: ReadonlyMap<number, Tensor>;
  /** A node with class scores [batch, classes], for accuracy (absent: no accuracy). */
  scores?: number;
  batchSize: number;
  epochs: number;
  /** Seed of the shuffling; epoch e uses seed + e. */
  seed?: number;
}

/** How many steps the progress line's loss and accuracy average over. */
export const RECENT_STEPS = 20;

export interface Progress {
  epoch: number;
  /** Steps taken so far, over all epochs. */
  step: number;
  stepsPerEpoch: number;
  /** Mean loss and accuracy over the epoch so far. */
  loss: number;
  accuracy: number | null;
  /**
   * Mean loss and accuracy over the last RECENT_STEPS steps (fewer at the start), across epoch
   * ends: what a progress line shows, without the jump of a mean that starts again each epoch.
   */
  recent: { loss: number; accuracy: number | null; steps: number };
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
  readonly buffers: Map<number, Tensor>;
  private readonly optimizer: Optimizer;
  private readonly lrAt?: (epoch: number) => number;
  private readonly n: number;
  private epoch = 0;
  private step = 0;
  private batches: number[][] = [];
  private next = 0;
  private lossSum = 0;
  private hits = 0;
  private seen = 0;
  /** The last steps' summed loss, hits and examples (a window of RECENT_STEPS). */
  private readonly recentSteps: Array<{ loss: number; hits: number; seen: number }> = [];

  constructor(
    private readonly graph: Graph,
    private readonly options: FitOptions,
  ) {
    this.optimizer = optimizerFor(options);
    if (options.schedule) {
      const { kind, ...rest } = options.schedule;
      this.lrAt = schedule(String(kind), options.lr, rest);
    }
    this.params = new Map(options.params);
    this.buffers = new Map(options.buffers);
    for (const node of graph.nodes) {
      if (!updatesRunningStatistics(node)) continue;
      for (const slot of ["runningMean", "runningVar"]) {
        if (!this.buffers.has(node.inputs[slot]))
          throw new Error(`train: batch_norm "${String(node.options.name ?? node.id)}" updates its ${slot} while training; pass that tensor in buffers so the updated one is kept`);
      }
    }
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
    if (this.lrAt) this.optimizer.lr = this.lrAt(this.epoch);
    this.next = 0;
    this.lossSum = this.hits = this.seen = 0;
  }

  /** One step on the next batch: forward, backward, update. */
  run(context?: RunContext): Progress {
    if (this.done) throw new Error("train: training has ended");
    const batch = this.batches[this.next++];
    const leaves = this.leaves();
    leaves.set(this.options.inputLeaf, rows(this.options.x, batch));
    leaves.set(this.options.targetLeaf, rows(this.options.y, batch));
    const step = this.step;
    // A dropout that trains draws a new mask each step (from its seed and the step, so a run repeats).
    const optionsOf = (node: GraphNode) => (node.op === "dropout" && node.options.training === true ? { ...node.options, seed: stepSeed(node.options.seed, step, node.id) } : node.options);
    const evaluation = forward(this.graph, leaves, context, optionsOf);
    const grads = backward(this.graph, evaluation, [...this.params.keys()], context);
    for (const [id, p] of this.params) this.params.set(id, this.optimizer.step(id, p, grads.get(id)!));
    for (const node of this.graph.nodes) {
      const state = evaluation.states.get(node.id);
      if (!state || !updatesRunningStatistics(node)) continue;
      for (const [slot, value] of Object.entries(state)) {
        const leaf = node.inputs[slot];
        const before = leaves.get(leaf)!,
          now = this.buffers.get(leaf)!;
        // A second batch norm on the same statistics (a block applied twice) updates after the
        // first, as a module called twice does: its batch's share added to what the first left.
        this.buffers.set(leaf, now === before ? value : compounded(now, before, value, runningMomentum(node)));
      }
    }
    this.step++;
    const loss = evaluation.values.get(this.graph.loss)!.data[0] * batch.length;
    const hits = this.options.scores === undefined ? 0 : correct(evaluation.values.get(this.options.scores)!, leaves.get(this.options.targetLeaf)!);
    this.lossSum += loss;
    this.seen += batch.length;
    this.hits += hits;
    this.recentSteps.push({ loss, hits, seen: batch.length });
    if (this.recentSteps.length > RECENT_STEPS) this.recentSteps.shift();
    const recent = this.recentSteps.reduce((a, w) => ({ loss: a.loss + w.loss, hits: a.hits + w.hits, seen: a.seen + w.seen }), { loss: 0, hits: 0, seen: 0 });
    const progress: Progress = {
      epoch: this.epoch,
      step: this.step,
      stepsPerEpoch: this.batches.length,
      loss: this.lossSum / this.seen,
      accuracy: this.options.scores === undefined ? null : this.hits / this.seen,
      recent: { loss: recent.loss / recent.seen, accuracy: this.options.scores === undefined ? null : recent.hits / recent.seen, steps: this.recentSteps.length },
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

  /** The learning rate of the epoch running (a schedule moves it). */
  get lr(): number {
    return this.optimizer.lr;
  }

  /** Every leaf but the batch: fixed tensors, running statistics as they are now, parameters. */
  private leaves(): Map<number, Tensor> {
    return new Map<number, Tensor>([...(this.options.constants ?? []), ...this.buffers, ...this.params]);
  }

  /**
   * Loss and accuracy of the current parameters on held-out data (forward only, in batches), in
   * evaluation mode, as after PyTorch's model.eval(): dropout passes everything, batch norm
   * uses its running statistics (one kept without them still uses the batch's).
   */
  evaluate(x: Tensor, y: Tensor, batchSize = 256): { loss: number; accuracy: number | null } {
    let lossSum = 0,
      hits = 0;
    const all = Array.from({ length: x.shape[0] }, (_, i) => i);
    const optionsOf = (node: GraphNode) => (node.op === "dropout" || updatesRunningStatistics(node) ? { ...node.options, training: false } : node.options);
    // Batches of nearly equal sizes (never a leftover of one: a batch norm kept without running
    // statistics normalises with the batch's, and cannot on one example).
    const count = Math.ceil(all.length / batchSize);
    const batches = Array.from({ length: count }, (_, k) => all.slice(Math.floor((k * all.length) / count), Math.floor(((k + 1) * all.length) / count)));
    for (const batch of batches) {
      const leaves = this.leaves();
      leaves.set(this.options.inputLeaf, rows(x, batch));
      leaves.set(this.options.targetLeaf, rows(y, batch));
      let values: Map<number, Tensor>;
      try {
        ({ values } = forward(this.graph, leaves, undefined, optionsOf));
      } catch (error) {
        throw new Error(`${(error as Error).message} (while scoring the held-out data, ${batch.length} example${batch.length === 1 ? "" : "s"} at a time, in evaluation mode)`);
      }
      lossSum += values.get(this.graph.loss)!.data[0] * batch.length;
      if (this.options.scores !== undefined) hits += correct(values.get(this.options.scores)!, leaves.get(this.options.targetLeaf)!);
    }
    return { loss: lossSum / x.shape[0], accuracy: this.options.scores === undefined ? null : hits / x.shape[0] };
  }
}

/**
 * The optimizer of a training: SGD keeps its own checks (momentum below 1), the others take
 * only the options they have (momentum and weightDecay are passed on where given).
 */
export function optimizerFor(options: Pick<FitOptions, "lr" | "momentum" | "weightDecay" | "optimizer" | "optimizerOptions">): Optimizer {
  const name = options.optimizer ?? "sgd";
  const m = options.momentum;
  if (name === "sgd" && m !== undefined && !(m >= 0 && m < 1)) throw new Error(`train: expected momentum in [0, 1), got ${m}`);
  const given: Record<string, unknown> = { ...options.optimizerOptions, lr: options.lr };
  if (options.momentum) given.momentum = options.momentum;
  if (options.weightDecay) given.weightDecay = options.weightDecay;
  return makeOptimizer(name, given);
}

/** A batch norm that trains with running statistics: each step updates them. */
export function updatesRunningStatistics(node: GraphNode): boolean {
  return node.op === "batch_norm" && node.options.training === true && node.inputs.runningMean !== undefined && node.inputs.runningVar !== undefined;
}

/**
 * The seed of a training dropout's mask at a step: a different mask each step and for each
 * dropout of the graph (two layers with the same seed do not drop the same units), the same
 * on every run.
 */
function stepSeed(seed: unknown, step: number, node: number): number {
  const base = typeof seed === "number" && Number.isInteger(seed) && seed >= 0 ? seed : 0;
  return (Math.imul(step + 1, 0x9e3779b1) ^ Math.imul(node + 1, 0x85ebca6b) ^ base) >>> 0;
}

/** Batch norm's momentum (0.1 by default, as PyTorch's). */
const runningMomentum = (node: GraphNode): number => (typeof node.options.momentum === "number" ? node.options.momentum : 0.1);

/**
 * updated = (1 - m)·before + m·batch, re-based on `now`: (1 - m)·now + (updated - (1 - m)·before).
 */
function compounded(now: Tensor, before: Tensor, updated: Tensor, m: number): Tensor {
  const data = allocate(now.data.length, dtypeOf(now));
  for (let i = 0; i < data.length; i++) data[i] = (1 - m) * now.data[i] + (updated.data[i] - (1 - m) * before.data[i]);
  return { shape: [...now.shape], data };
}
