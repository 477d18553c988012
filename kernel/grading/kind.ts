import type { Tensor } from "../tensor/tensor.ts";
import type { Tolerance } from "./compare.ts";

/** One configuration of a check: sizes and hyperparameters by name (batch, width, kernel...). */
export type Config = Record<string, number>;

/** A size a check varies: its range for random configurations; shrinking never goes below min. */
export interface Field {
  name: string;
  min: number;
  max: number;
}

/** One thing compared in a student's result. */
export interface Part {
  /** Where it is in the result: "" for the result itself, "gradWeight", "conv.bias", "0". */
  path: string;
  /** How messages name it: "output", "gradWeight", "conv weight 1". */
  label: string;
  /** Said after a shape mismatch, e.g. "check (W - K)/S + 1". */
  hint: string;
  /** A gradient: a failure shows the per-element relative error, not the difference. */
  gradient?: boolean;
  /** Computed by Case.derive from the result, not read from it. */
  derived?: boolean;
}

/** One call of the student's function, and what it must return. */
export interface Case {
  /** Arguments in the function's order: tensors (float32, as a student gets them), numbers, plain objects. */
  args: unknown[];
  /** The inputs by name, for the known-mistake detectors. */
  inputs: Record<string, Tensor>;
  /** Each part's reference value (float64, from the engine's ops). */
  expected: Record<string, Tensor>;
  /** Parts computed from the student's result by the engine (the map a converted network gives). */
  derive?: (result: unknown) => Record<string, Tensor>;
}

/** A mistake students make, recognised from what their function returned. */
export interface Mistake {
  /** The part it shows in. */
  path: string;
  message: string;
  matches(actual: Tensor, config: Config, kase: Case, tol: Tolerance): boolean;
}

/**
 * A kind of check: what the student's function is called with and what it must return. The
 * catalogue of kinds is the only place that knows the exercises' calling conventions.
 */
export interface CheckKind {
  name: string;
  /** How the function is called, for messages: "conv1d(x, weight, bias, stride)". */
  signature: string;
  fields: readonly Field[];
  /** Whether a configuration makes sense (a kernel no wider than the input). */
  valid(config: Config): boolean;
  parts(config: Config): Part[];
  /** The case for a configuration; its random tensors come from the seed. */
  make(config: Config, seed: number): Case;
  mistakes?: readonly Mistake[];
}
