import { getOp } from "./ops/index.ts";
import type { Grads } from "./op.ts";
import { dtypeOf, formatShape, full, sizeOf, type Tensor } from "./tensor.ts";

/**
 * One step of a sequential network: an op from the registry, its options (PyTorch names in
 * camelCase), and the names of its parameters in the `params` map. A loss step names its
 * target tensor. A parameter name used by several steps is shared: its gradient is the sum.
 */
export interface LayerSpec {
  op: string;
  name?: string;
  weight?: string;
  bias?: string;
  target?: Tensor;
  [option: string]: unknown;
}

interface TapeEntry {
  spec: LayerSpec;
  saved: unknown;
  options: Record<string, unknown>;
}

export interface SequentialResult {
  /** The last step's output: the loss, when the network ends in one. */
  output: Tensor;
  /** Every step's output, in order. */
  outputs: Tensor[];
  /** Gradient of the output with respect to the input (under `inputName`) and every named parameter. */
  grads: Grads;
}

function optionsOf(spec: LayerSpec): Record<string, unknown> {
  const { op: _op, weight: _w, bias: _b, target: _t, ...options } = spec;
  return options;
}

function lookup(params: Record<string, Tensor>, key: string, spec: LayerSpec, index: number): Tensor {
  const t = params[key];
  if (!t) throw new Error(`sequential: layer ${index} (${spec.name ?? spec.op}) needs parameter "${key}", which is not given`);
  return t;
}

/** Runs the steps forward, keeping what backward needs. */
export function sequentialForward(x: Tensor, layers: readonly LayerSpec[], params: Record<string, Tensor> = {}): { outputs: Tensor[]; tape: TapeEntry[] } {
  let current = x;
  const outputs: Tensor[] = [];
  const tape: TapeEntry[] = [];
  layers.forEach((spec, index) => {
    const op = getOp(spec.op);
    const options = optionsOf(spec);
    const inputs: Record<string, Tensor | undefined> = { x: current };
    if (spec.weight) inputs.weight = lookup(params, spec.weight, spec, index);
    if (spec.bias) inputs.bias = lookup(params, spec.bias, spec, index);
    if (spec.target) inputs.target = spec.target;
    const { output, saved } = op.forward(inputs, options);
    tape.push({ spec, saved, options });
    outputs.push(output);
    current = output;
  });
  return { outputs, tape };
}

/**
 * Forward and backward through a list of steps. With a scalar output (a loss) backward starts
 * from 1; otherwise pass `gradOutput`, the gradient of some loss with respect to the output.
 */
export function sequential(
  x: Tensor,
  layers: readonly LayerSpec[],
  params: Record<string, Tensor> = {},
  { inputName = "x", gradOutput }: { inputName?: string; gradOutput?: Tensor } = {},
): SequentialResult {
  if (layers.length === 0) throw new Error("sequential: expected at least one layer");
  const { outputs, tape } = sequentialForward(x, layers, params);
  const output = outputs[outputs.length - 1];
  let grad: Tensor;
  if (gradOutput) {
    grad = gradOutput;
  } else if (sizeOf(output.shape) === 1) {
    grad = full(output.shape, 1, dtypeOf(output));
  } else {
    throw new Error(`sequential: the last layer's output ${formatShape(output.shape)} is not a scalar loss; pass gradOutput`);
  }
  const grads: Grads = {};
  const addTo = (key: string, g: Tensor) => {
    const existing = grads[key];
    if (!existing) {
      grads[key] = g;
      return;
    }
    for (let i = 0; i < g.data.length; i++) existing.data[i] += g.data[i];
  };
  for (let i = tape.length - 1; i >= 0; i--) {
    const { spec, saved, options } = tape[i];
    const g = getOp(spec.op).backward(grad, saved, options);
    if (spec.weight && g.weight) addTo(spec.weight, g.weight);
    if (spec.bias && g.bias) addTo(spec.bias, g.bias);
    grad = g.x;
  }
  grads[inputName] = grad;
  return { output, outputs, grads };
}
