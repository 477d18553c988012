import type { LayerValue } from "../dataflow/layer_value.ts";

/**
 * Whether the network treats the first axis as a batch: the inputs share it, every layer keeps
 * it and none computes along it, and no constant it combines with depends on it. Then the
 * model is written with a dynamic batch ("N"), as PyTorch exports with dynamic_axes.
 */
export function batchAgnostic(order: readonly LayerValue[], inputs: readonly LayerValue[]): boolean {
  const batch = inputs[0]?.shape[0];
  if (batch === undefined || inputs.some((v) => v.shape.length === 0 || v.shape[0] !== batch)) return false;
  const carries = new Set<LayerValue>(inputs);
  for (const v of order) {
    if (v.op === "tensor") continue;
    const data = Object.entries(v.inputs).filter(([, input]) => carries.has(input));
    if (!data.length) continue; // computed from weights alone: a constant of the model
    carries.add(v);
    if (v.shape.length === 0 || v.shape[0] !== batch) return false;
    const o = v.options as Record<string, unknown>;
    const rank = v.inputs.x?.shape.length ?? v.shape.length;
    const touches = (d: unknown) => d === undefined || d === null || [d].flat().some((a) => a === 0 || a === -rank);
    switch (v.op) {
      case "softmax":
      case "log_softmax":
        if (touches(o.dim ?? (rank === 1 ? 0 : 1))) return false;
        break;
      case "mean":
      case "sum":
      case "amax":
      case "narrow":
        if (touches(o.dim)) return false;
        break;
      case "cat":
        if (touches(o.dim ?? 0)) return false;
        break;
      case "permute":
        if ((o.dims as number[])[0] !== 0) return false;
        break;
      case "transpose":
        if (touches(o.dim0) || touches(o.dim1)) return false;
        break;
      case "pad":
        if ((o.pad as number[]).length / 2 >= rank) return false;
        break;
      case "matmul":
      case "add":
      case "sub":
      case "mul":
      case "div": {
        // A constant operand must broadcast over the batch (no first axis of its own past 1).
        for (const [, input] of Object.entries(v.inputs)) if (!carries.has(input) && input.shape.length === v.shape.length && input.shape[0] !== 1) return false;
        break;
      }
    }
  }
  return true;
}
