import type { Engine, Run } from "../kernel/dataflow/engine.ts";
import { LayerValue } from "../kernel/dataflow/layer_value.ts";
import type { ProgressResponse, TrainOptions } from "../kernel/worker/protocol.ts";
import { optimizerFor } from "../kernel/tensor/training/fit.ts";
import { OPTIMIZER_DEFAULTS } from "../kernel/tensor/training/optimizers.ts";
import { schedule as scheduleOf } from "../kernel/tensor/training/schedules.ts";
import { describe, expectOptions } from "./arguments.ts";
import { observeValues } from "./observe.ts";
import type { LossPoint } from "./views/charts.ts";

export interface TrainArguments extends Partial<TrainOptions> {
  /** The parameters to train, by name: leaves of the loss's graph (weights, biases). */
  params: Record<string, LayerValue>;
  /** Running statistics the training updates (batch norm's runningMean and runningVar), by name. */
  buffers?: Record<string, LayerValue>;
  /** The leaf the loss was computed from that takes each batch of inputs, and the one for targets. */
  input: LayerValue;
  target: LayerValue;
  /** The training set: inputs [N, ...] and targets [N] (class indices) or [N, ...]. */
  data: { x: LayerValue; y: LayerValue };
  validation?: { x: LayerValue; y: LayerValue };
  /** Class scores [batch, classes] in the graph, for accuracy. */
  scores?: LayerValue;
}

export type TrainingStatus = "running" | "paused" | "done" | "stopped" | "failed";

/** What a training cell shows and later cells read, anew after each report from the worker. */
export interface TrainingState {
  status: TrainingStatus;
  epoch: number;
  epochs: number;
  step: number;
  stepsPerEpoch: number;
  loss: number | null;
  accuracy: number | null;
  /** Loss and accuracy over the last steps (20), across epoch ends: what the progress line shows. */
  recent: { loss: number; accuracy: number | null; steps: number } | null;
  validation: { loss: number; accuracy: number | null } | null;
  /** One record per report (the recent steps' loss and accuracy, and held-out scores): what `lossCurve` draws. */
  history: LossPoint[];
  /** One record per finished epoch: mean training loss and accuracy, and the held-out scores. */
  perEpoch: Array<{ epoch: number; loss: number; accuracy: number | null; validation: { loss: number; accuracy: number | null } | null }>;
  /** The parameters as of the last epoch that ended (the starting ones before). */
  params: Record<string, LayerValue>;
  /** The buffers (running statistics) as of the last epoch that ended, by the names given. */
  buffers: Record<string, LayerValue>;
  /** The class scores the training was given (what a model export computes), if any. */
  scores?: LayerValue;
  /** The tensors training started from, by the same names: what `params` and `buffers` replace (a model export swaps them). */
  start: { params: Record<string, LayerValue>; buffers: Record<string, LayerValue> };
  /** Milliseconds since training started, in the worker. */
  ms: number;
  error?: string;
  pause(): void;
  resume(): void;
  stop(): void;
  /** Starts the same training again from the starting parameters (after it stopped, failed or ended). */
  restart(): void;
}

const DEFAULTS = { lr: 0.01, momentum: 0, weightDecay: 0, batchSize: 32, epochs: 1, seed: 0 };
type NumericOption = keyof typeof DEFAULTS;

/** What train itself takes; any other key must be an option of the chosen optimizer (betas, eps, nesterov...). */
const TRAIN_KEYS = new Set(["params", "buffers", "input", "target", "data", "validation", "scores", "optimizer", "schedule", ...Object.keys(DEFAULTS)]);

/**
 * The optimizer and schedule parts of train's arguments, checked now so that a wrong one fails
 * in the training cell before any job starts.
 */
function optimizerChoice(a: Record<string, unknown>, lr: number): Pick<TrainOptions, "optimizer" | "optimizerOptions" | "schedule"> {
  const optimizer = a.optimizer === undefined ? "sgd" : a.optimizer;
  if (typeof optimizer !== "string" || !(optimizer in OPTIMIZER_DEFAULTS)) throw new Error(`train: unknown optimizer ${JSON.stringify(optimizer)} (expected sgd, adam, adamw or rmsprop)`);
  const takes = Object.keys(OPTIMIZER_DEFAULTS[optimizer as keyof typeof OPTIMIZER_DEFAULTS]);
  const optimizerOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(a)) {
    if (TRAIN_KEYS.has(key)) continue;
    if (!takes.includes(key))
      throw new Error(`train: unknown option ${key} (train takes ${[...TRAIN_KEYS].join(", ")}; ${optimizer} also takes ${takes.filter((k) => !TRAIN_KEYS.has(k)).join(", ")})`);
    optimizerOptions[key] = value;
  }
  let schedule: Record<string, unknown> | undefined;
  if (a.schedule !== undefined) {
    if (a.schedule === null || typeof a.schedule !== "object" || Array.isArray(a.schedule))
      throw new Error(`train: schedule must be an object such as {kind: "step_lr", stepSize: 5}, got ${describe(a.schedule)}`);
    schedule = a.schedule as Record<string, unknown>;
    const { kind, ...rest } = schedule;
    scheduleOf(String(kind), lr, rest);
  }
  return { optimizer, optimizerOptions, ...(schedule ? { schedule } : {}) };
}

/**
 * The running statistics a training would update: those of every batch norm in the loss's
 * graph that trains with them. Each must be among the buffers, so the trained ones come back
 * to the notebook; a buffer that is none of them is a mistake too.
 */
function checkBuffers(loss: LayerValue, buffers: ReadonlyArray<readonly [string, LayerValue]>): void {
  const named = new Map(buffers.map(([name, v]) => [v, name]));
  const updated = new Set<LayerValue>();
  const seen = new Set<LayerValue>();
  const visit = (v: LayerValue) => {
    if (seen.has(v)) return;
    seen.add(v);
    if (v.op === "batch_norm" && v.options.training === true && v.inputs.runningMean && v.inputs.runningVar) {
      for (const slot of ["runningMean", "runningVar"] as const) {
        const stat = v.inputs[slot];
        if (stat.op !== "tensor")
          throw new Error(
            `train: batch_norm "${v.label}"'s ${slot} ("${stat.label}") is computed by ${stat.op}; running statistics must be tensors of their own (zeros([C]) and ones([C]) to start, or a batch norm's state), which training can update`,
          );
        if (!named.has(stat)) throw new Error(`train: batch_norm "${v.label}" updates its ${slot} ("${stat.label}") while training; add it to buffers: {name: tensor} so the updated one comes back`);
        updated.add(stat);
      }
    }
    for (const input of Object.values(v.inputs)) visit(input);
  };
  visit(loss);
  for (const [name, v] of buffers) {
    if (!updated.has(v)) throw new Error(`train: buffers.${name} is not the runningMean or runningVar of a batch_norm that trains (training: true) in the loss's graph`);
  }
}

function expectValue(value: unknown, what: string): LayerValue {
  if (value instanceof LayerValue) return value;
  throw new Error(`train: expected ${what} to be a tensor, got ${describe(value)}`);
}

/**
 * `train(loss, {...})`: a cell whose value is the state of a training job running in the
 * engine's worker (so it goes on in a background tab), renewed after each report: epoch,
 * step, loss, accuracy, the history for a loss curve, and the trained parameters. It can be
 * paused, resumed and stopped; when the cell runs again (a hyperparameter edited), the old
 * job is stopped and a new one starts.
 */
export function trainFunction(engine: Engine, run: () => Run) {
  return function train(loss: unknown, args: TrainArguments): Generator<Promise<TrainingState>, void, unknown> {
    const owner = run();
    const lossValue = expectValue(loss, "the loss");
    const a = expectOptions(args, "train") as unknown as TrainArguments;
    const params = Object.entries(a.params ?? {}).map(([name, v]) => [name, expectValue(v, `params.${name}`)] as const);
    if (!params.length) throw new Error("train: expected params: {name: tensor, ...}, the weights and biases to train");
    if (a.buffers !== undefined && (a.buffers === null || typeof a.buffers !== "object" || Array.isArray(a.buffers)))
      throw new Error(`train: expected buffers: {name: tensor, ...} (an object naming each running statistic), got ${Array.isArray(a.buffers) ? "an array" : describe(a.buffers)}`);
    const buffers = Object.entries(a.buffers ?? {}).map(([name, v]) => [name, expectValue(v, `buffers.${name}`)] as const);
    checkBuffers(lossValue, buffers);
    for (const [name, v] of buffers) {
      const param = params.find(([, p]) => p === v);
      // Both would write it each step: the optimizer's copy would undo the statistics' update.
      if (param) throw new Error(`train: ${name} is in both params (as ${param[0]}) and buffers; running statistics are not trained by gradients, list it in buffers only`);
    }
    const input = expectValue(a.input, "input"),
      target = expectValue(a.target, "target");
    const data = { x: expectValue(a.data?.x, "data.x"), y: expectValue(a.data?.y, "data.y") };
    const validation = a.validation ? { x: expectValue(a.validation.x, "validation.x"), y: expectValue(a.validation.y, "validation.y") } : undefined;
    const options: TrainOptions = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS) as NumericOption[]) if (a[key] !== undefined) options[key] = Number(a[key]);
    Object.assign(options, optimizerChoice(a as unknown as Record<string, unknown>, options.lr));
    optimizerFor(options); // its options checked here, in the cell
    const client = engine.client;

    return observeValues<TrainingState>((change) => {
      let job = -1,
        lastChange = -Infinity,
        /** Which start of the job the state follows: reports of an earlier one (before a restart) are dropped. */
        attempt = 0;
      const history: LossPoint[] = [];
      const perEpoch: TrainingState["perEpoch"] = [];
      const fresh = () => ({
        status: "running" as TrainingStatus,
        epoch: 0,
        step: 0,
        loss: null,
        accuracy: null,
        recent: null,
        validation: null,
        params: Object.fromEntries(params),
        buffers: Object.fromEntries(buffers),
        ms: 0,
        error: undefined,
      });
      const state: TrainingState = {
        ...fresh(),
        epochs: options.epochs,
        stepsPerEpoch: Math.ceil(data.x.shape[0] / options.batchSize),
        start: { params: Object.fromEntries(params), buffers: Object.fromEntries(buffers) },
        scores: a.scores,
        history,
        perEpoch,
        pause: () => {
          if (state.status === "running") {
            client.controlTraining(job, "pause");
            state.status = "paused";
            change({ ...state });
          }
        },
        resume: () => {
          if (state.status === "paused") {
            client.controlTraining(job, "resume");
            state.status = "running";
            change({ ...state });
          }
        },
        stop: () => {
          if (state.status === "running" || state.status === "paused") {
            client.cancel([job]);
            state.status = "stopped";
            change({ ...state });
          }
        },
        restart: () => {
          if (state.status === "running" || state.status === "paused") client.cancel([job]);
          if (!owner.alive) return;
          Object.assign(state, fresh());
          history.length = 0;
          perEpoch.length = 0;
          start();
        },
      };
      const onProgress = (p: ProgressResponse) => {
        Object.assign(state, { epoch: p.epoch, step: p.step, stepsPerEpoch: p.stepsPerEpoch, loss: p.loss, accuracy: p.accuracy, recent: p.recent, ms: p.ms });
        if (p.validation) state.validation = p.validation;
        // The curve follows the recent steps' mean: it does not jump back when an epoch starts.
        history.push({ step: p.step, loss: p.recent.loss, ...(p.recent.accuracy === null ? {} : { accuracy: p.recent.accuracy }), split: "train" });
        if (p.validation) history.push({ step: p.step, loss: p.validation.loss, ...(p.validation.accuracy === null ? {} : { accuracy: p.validation.accuracy }), split: "validation" });
        if (p.epochEnded) perEpoch.push({ epoch: p.epoch, loss: p.loss, accuracy: p.accuracy, validation: p.validation });
        if (p.snapshot) {
          const kept = [...params, ...buffers].map(([name, v], k) => [name, engine.adopt(p.snapshot![k], v.shape, `${name} after epoch ${p.epoch + 1}`)] as const);
          state.params = Object.fromEntries(kept.slice(0, params.length));
          state.buffers = Object.fromEntries(kept.slice(params.length));
        }
        if (p.done) state.status = "done";
        // Every report goes into the history; the cells that read the state recompute at most
        // every engine.trainingRedrawMs (and at each epoch's end), so a headless run does not
        // redraw its figures hundreds of times for nobody.
        const now = performance.now();
        if (!p.epochEnded && !p.done && now - lastChange < engine.trainingRedrawMs) return;
        lastChange = now;
        change({ ...state, history: [...history], perEpoch: [...perEpoch] });
      };
      const inputs = [lossValue, input, target, data.x, data.y, ...(validation ? [validation.x, validation.y] : [])];
      // A training whose cell was edited meanwhile ends as stopped, at once: a cell that awaits
      // it (trainToEnd in a loop) must finish, or the runtime never runs the edited cell.
      const ownerGone = () => {
        state.status = "stopped";
        change({ ...state });
      };
      const start = () => {
        const mine = ++attempt;
        const current = () => mine === attempt;
        Promise.all(inputs.map((v) => v.ready)).then(
          () => {
            if (!current() || state.status === "stopped") return;
            if (!owner.alive) return ownerGone();
            const started = client.train(
              {
                loss: lossValue.id,
                params: params.map(([, v]) => v.id),
                buffers: buffers.map(([, v]) => v.id),
                input: input.id,
                target: target.id,
                x: data.x.id,
                y: data.y.id,
                scores: a.scores?.id,
                validation: validation ? { x: validation.x.id, y: validation.y.id } : undefined,
                options,
                label: owner.label,
              },
              (p) => {
                if (current()) onProgress(p);
              },
            );
            job = started.job;
            engine.own(owner, job, started.done);
            started.done.then(
              () => {
                if (!current()) return;
                state.status = "done";
                change({ ...state, history: [...history], perEpoch: [...perEpoch] });
              },
              (error: Error) => {
                if (!current() || state.status === "stopped") return;
                if (!owner.alive) return ownerGone();
                state.status = "failed";
                state.error = error.message;
                change({ ...state });
              },
            );
          },
          (error: Error) => {
            if (!current()) return;
            state.status = "failed";
            state.error = error.message;
            change({ ...state });
          },
        );
        change({ ...state, history: [...history], perEpoch: [...perEpoch] });
      };
      start();
      return () => {
        if (job >= 0 && (state.status === "running" || state.status === "paused")) client.cancel([job]);
      };
    });
  };
}

/**
 * `trainToEnd(loss, {...})`: the same training, awaited to its end inside a cell, for
 * notebooks that compare several trainings (learning rates, folds): resolves with the final
 * state (done or failed).
 */
export function trainToEndFunction(train: ReturnType<typeof trainFunction>) {
  return async function trainToEnd(loss: unknown, args: TrainArguments): Promise<TrainingState> {
    const states = train(loss, args);
    try {
      for (;;) {
        const state = await states.next().value!;
        if (state.status !== "running" && state.status !== "paused") return state;
      }
    } finally {
      states.return(undefined);
    }
  };
}
