import type { BackendName, EngineInfo } from "../tensor/backend.ts";
import type { TensorStats } from "../tensor/stats.ts";

/**
 * Every message between the main thread and the engine worker. Plain data only: tensors cross
 * as typed arrays whose buffers are transferred, never copied twice.
 *
 * Tensors are named by ids the client picks, so it can dispatch a job that uses the output of
 * a job still queued: the worker runs jobs in the order they arrive.
 */
export type TensorId = number;
export type JobId = number;
export type Data = Float32Array | Float64Array;

/** Make a leaf tensor from data computed on the main thread (tensor, randn, zeros). */
export interface UploadRequest {
  type: "upload";
  job: JobId;
  id: TensorId;
  shape: number[];
  data: Data;
  label: string;
}
/** Run one op of kernel/tensor/ops on tensors already in the worker; options include the layer name. */
export interface RunRequest {
  type: "run";
  job: JobId;
  id: TensorId;
  op: string;
  inputs: Record<string, TensorId>;
  options: Record<string, unknown>;
  label: string;
  /**
   * Ids for the op's state after the call, by name (batch norm's updated runningMean and
   * runningVar): stored beside the output as tensors of their own.
   */
  state?: Record<string, TensorId>;
}
/** The gradient of the scalar `loss` with respect to `wrt`, as a new tensor `id`. */
export interface GradRequest {
  type: "grad";
  job: JobId;
  id: TensorId;
  loss: TensorId;
  wrt: TensorId;
  label: string;
}
/** Copy a tensor's data to the main thread. */
export interface ReadRequest {
  type: "read";
  job: JobId;
  id: TensorId;
}
/** Min, max and mean of a tensor's values that are not NaN, and how many are NaN, without copying it. */
export interface StatsRequest {
  type: "stats";
  job: JobId;
  id: TensorId;
}
/** The client no longer holds these tensors. */
export interface ReleaseRequest {
  type: "release";
  ids: TensorId[];
}
/** Jobs whose results nobody will look at: a queued one never starts, a running one stops at its next checkpoint. */
export interface CancelRequest {
  type: "cancel";
  jobs: JobId[];
}
/** How many tensors the worker holds (leak checks). */
export interface CountRequest {
  type: "count";
  job: JobId;
}

/**
 * The first message to a Web Worker: the shared cancellation flags, when the page can share
 * memory (worker_threads get them as workerData instead).
 */
export interface InitMessage {
  type: "init";
  shared?: Int32Array;
  /** The backend the page chose (its engine menu); the WebAssembly kernels when absent. */
  backend?: BackendName;
}

/** Hyperparameters of a training job (SGD with momentum over mini-batches). */
export interface TrainOptions {
  lr: number;
  momentum?: number;
  weightDecay?: number;
  batchSize: number;
  epochs: number;
  seed?: number;
  /** torch.optim's name (sgd by default), and its options besides lr (betas, eps, amsgrad, nesterov...). */
  optimizer?: string;
  optimizerOptions?: Record<string, unknown>;
  /** A learning-rate schedule stepped after each epoch: {kind: "step_lr", stepSize, gamma} and the like. */
  schedule?: Record<string, unknown>;
}

/**
 * Train the parameters `params` (leaves) of the graph that computes the scalar `loss`: each
 * step replaces the leaves `input` and `target` with a batch of rows of `x` and `y`. At the
 * end of each epoch the parameters are stored as new tensors, ids from `snapshotIds` on
 * (epoch e, parameter k: snapshotIds + e · params.length + k). Cancelling the job stops it.
 */
export interface TrainRequest {
  type: "train";
  job: JobId;
  loss: TensorId;
  params: TensorId[];
  /** Running statistics the training updates as it goes (batch norm's), returned with the parameters. */
  buffers?: TensorId[];
  input: TensorId;
  target: TensorId;
  x: TensorId;
  y: TensorId;
  scores?: TensorId;
  validation?: { x: TensorId; y: TensorId };
  options: TrainOptions;
  snapshotIds: TensorId;
  label: string;
}
/** Pause or resume a training job between steps (stopping is cancelling). */
export interface TrainControlRequest {
  type: "train-control";
  job: JobId;
  action: "pause" | "resume";
}

export type Request = UploadRequest | RunRequest | GradRequest | ReadRequest | StatsRequest | ReleaseRequest | CancelRequest | CountRequest | TrainRequest | TrainControlRequest;

/** A job that makes a tensor finished; `ms` is the time it took in the worker. */
export interface DoneResponse {
  type: "done";
  job: JobId;
  ms: number;
}
export interface DataResponse {
  type: "data";
  job: JobId;
  shape: number[];
  data: Data;
  ms: number;
}
/** See kernel/tensor/stats.ts: min, max and mean are NaN when no value is a number (empty, or all NaN). */
export interface StatsResponse extends TensorStats {
  type: "stats";
  job: JobId;
  ms: number;
}
export interface CountResponse {
  type: "count";
  job: JobId;
  tensors: number;
  /** What computes in the worker: the backend, its threads and memory. */
  engine: EngineInfo;
}
/** The job failed; `message` is the engine's own message, shown as is in the cell. */
export interface ErrorResponse {
  type: "error";
  job: JobId;
  message: string;
  name: string;
  ms: number;
}
export interface CancelledResponse {
  type: "cancelled";
  job: JobId;
}

/**
 * How a training job is going: after some steps (at most every 100 ms), at each epoch's end
 * (with the ids of that epoch's parameter snapshot, and the validation scores) and at the end.
 */
export interface ProgressResponse {
  type: "progress";
  job: JobId;
  epoch: number;
  step: number;
  stepsPerEpoch: number;
  epochs: number;
  loss: number;
  accuracy: number | null;
  /** Loss and accuracy over the last few steps (Progress.recent), across epoch ends. */
  recent: { loss: number; accuracy: number | null; steps: number };
  epochEnded: boolean;
  done: boolean;
  paused: boolean;
  validation: { loss: number; accuracy: number | null } | null;
  snapshot: TensorId[] | null;
  ms: number;
}

export type Response = DoneResponse | DataResponse | StatsResponse | CountResponse | ErrorResponse | CancelledResponse | ProgressResponse;

/** Slots of the shared cancellation array; a job's flag lives at job % CANCEL_SLOTS. */
export const CANCEL_SLOTS = 4096;
