/** What figures call the values they draw: the name the user wrote, then the op and the shape. */
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { formatShape } from "../../kernel/tensor/tensor.ts";

/**
 * A value's name: its cell's name; a gradient the notebook did not name is ∂loss/∂w1 (after
 * the names of what it differentiates); any other value of an unnamed cell is named by its op.
 */
export function nameOf(layer: LayerValue): string {
  if (!layer.label.startsWith("cell ")) return layer.label;
  return layer.op === "grad" ? derivativeOf(layer) : layer.op;
}

/** "∂loss/∂w1" for a gradient value. */
function derivativeOf(layer: LayerValue): string {
  const { loss, wrt } = layer.inputs;
  return loss && wrt ? `∂${nameOf(loss)}/∂${nameOf(wrt)}` : "gradient";
}

/**
 * A figure's title: "conv1 · conv2d · [1, 4, 24, 24]"; "relu · [1, 4, 24, 24]" for a value of
 * an unnamed cell; "∂loss/∂w1 · [6, 1, 5, 5]" for a gradient ("g · ∂loss/∂w1 · …" when named).
 */
export function titleOf(layer: LayerValue, shape: readonly number[] = layer.shape): string {
  const name = nameOf(layer);
  const what = layer.op === "grad" ? derivativeOf(layer) : layer.op;
  return `${name === what ? name : `${name} · ${what}`} · ${formatShape(shape)}`;
}
