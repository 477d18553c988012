import { fail, formatValue, type OpContext } from "./errors.ts";
import type { Tensor } from "./tensor.ts";

/** How one spatial axis of a layer maps output positions to input positions. */
export interface AxisWindow {
  /** Effective kernel extent, dilation included: d(k - 1) + 1. */
  kernel: number;
  stride: number;
  /** Padding before the first input position. */
  padding: number;
}

/** What a layer will produce, known from input shapes alone. */
export interface ShapeInfo {
  shape: number[];
  /** Learnable parameters (weight and bias elements). */
  params: number;
  /** Multiply-adds for the whole batch (bias additions not counted, as in the lecture). */
  macs: number;
  /**
   * Per spatial axis, how outputs see inputs; absent for element-wise ops (a window of one),
   * `null` where the receptive field is not a window (flatten, linear, transposed convs).
   */
  windows?: AxisWindow[] | null;
}

export type Inputs = Record<string, Tensor | undefined>;
export type Shapes = Record<string, readonly number[] | undefined>;
export type Grads = Record<string, Tensor>;

/** Options every op accepts: the layer's name, used in error messages. */
export interface BaseOptions {
  name?: string;
}

/** Called between output channels of a long op; throwing from it abandons the op (cancellation). */
export type Checkpoint = () => void;

/**
 * How one call runs, apart from what it computes: a cancellation checkpoint, and for backward
 * the inputs whose gradients are wanted (absent: all of them), so a gradient nobody asked for,
 * such as the first conv's input gradient, is not computed.
 */
export interface RunContext {
  checkpoint?: Checkpoint;
  needed?: ReadonlySet<string>;
}

/** Whether backward should compute the gradient of `input`. */
export function wants(run: RunContext | undefined, input: string): boolean {
  return !run?.needed || run.needed.has(input);
}

/**
 * One op of the engine: its forward and backward side by side, plus the shape rule that
 * validates inputs and options before anything is computed.
 */
export interface OpDef<O extends BaseOptions = BaseOptions, S = unknown> {
  /** Same string as torch.nn.functional's name, the golden case's `op` and the worker's op id. */
  name: string;
  /** Tensor inputs in call order; those in `optional` may be absent. */
  inputs: readonly string[];
  optional?: readonly string[];
  /** Inputs that get a gradient (a loss's target does not). */
  differentiable: readonly string[];
  /** The options it accepts besides `name`; any other is an error, as an unknown keyword is in PyTorch. */
  options: readonly string[];
  infer(shapes: Shapes, options: O): ShapeInfo;
  /**
   * The output, what backward needs, and for an op with running state (batch norm in training)
   * the state after the call, by input name (the new runningMean and runningVar).
   */
  forward(inputs: Inputs, options: O, run?: RunContext): { output: Tensor; saved: S; state?: Record<string, Tensor> };
  backward(gradOutput: Tensor, saved: S, options: O, run?: RunContext): Grads;
}

export function context(op: string, options: BaseOptions | undefined): OpContext {
  return { op, name: options?.name };
}

/**
 * Registers the shape rule and forward of an op behind one check of its options, so a typo
 * (`strides` for `stride`) is an error naming the op rather than a silently ignored key.
 */
export function defineOp<O extends BaseOptions, S>(def: OpDef<O, S>): OpDef<O, S> {
  const allowed = new Set([...def.options, "name"]);
  /** The options as the op reads them: absent is none; anything but a plain object is refused. */
  const check = (options: O | undefined | null): O => {
    if (options === undefined || options === null) return {} as O;
    if (typeof options !== "object" || Array.isArray(options)) {
      fail({ op: def.name }, `expected options as an object such as {name: "conv1"}, got ${formatValue(options)}`);
    }
    // The name goes into every message; a non-string would print as "[object Object]".
    const name: unknown = options.name;
    if (name !== undefined && name !== null && typeof name !== "string") {
      fail({ op: def.name }, `name must be a string (the layer's name), got ${formatValue(name)}`);
    }
    for (const [key, value] of Object.entries(options)) {
      if (!allowed.has(key) && value !== undefined) {
        const expected = def.options.length ? `expected ${def.options.join(", ")} or name` : "it takes only name";
        fail(context(def.name, options), `unknown option "${key}" (${expected})`);
      }
    }
    return options;
  };
  return {
    ...def,
    infer(shapes, options) {
      return def.infer(shapes, check(options));
    },
    forward(inputs, options, run) {
      return def.forward(inputs, check(options), run);
    },
  };
}
