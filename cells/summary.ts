import { LayerValue } from "../kernel/dataflow/layer_value.ts";
import { composeField, type AxisField } from "../kernel/tensor/shapes.ts";
import { formatShape } from "../kernel/tensor/tensor.ts";
import { getOp } from "../kernel/tensor/ops/index.ts";
import { describe } from "./arguments.ts";

export interface SummaryRow {
  /** The cell that made the layer. */
  name: string;
  op: string;
  shape: number[];
  params: number;
  macs: number;
  /**
   * Per spatial axis of the network's input; null once a layer mixes all positions. After an
   * interpolate by a scale that is not an integer, sizes and strides can be fractional.
   */
  receptiveField: AxisField[] | null;
  /** For ops that train differently (batch norm, dropout): the mode the layer was computed in. */
  mode?: "train" | "eval";
}

/** Per-layer shapes, parameters, multiply-adds and receptive fields of the network behind some values. */
export class NetworkSummary {
  constructor(readonly rows: SummaryRow[]) {}
  get params(): number {
    return this.rows.reduce((s, r) => s + r.params, 0);
  }
  get macs(): number {
    return this.rows.reduce((s, r) => s + r.macs, 0);
  }
  toString(): string {
    return `${this.rows.length} layers, ${this.params} parameters, ${this.macs} multiply-adds`;
  }
}

/** The inputs of the data path: `x`, both operands of add/sub/mul/div/matmul, every tensor of a cat. */
const DATA_INPUTS = ["x", "a", "b", ...Array.from({ length: 16 }, (_, i) => `x${i}`)];
const dataInputs = (v: LayerValue): LayerValue[] => DATA_INPUTS.map((slot) => v.inputs[slot]).filter((x): x is LayerValue => x !== undefined);

/**
 * Where several paths meet (a skip connection's add, a cat of branches): per axis, the larger
 * field of the paths (the widest size, the coarser stride, the earliest start); none if any
 * path already mixes every position.
 */
function widest(fields: Array<AxisField[] | null>): AxisField[] | null {
  if (fields.some((f) => f === null)) return null;
  const all = fields as AxisField[][];
  if (all.some((f) => f.length !== all[0].length)) return null;
  return all[0].map((_, axis) => ({
    size: Math.max(...all.map((f) => f[axis].size)),
    stride: Math.max(...all.map((f) => f[axis].stride)),
    start: Math.min(...all.map((f) => f[axis].start)),
  }));
}

/**
 * Walks back from the given values through the ops that made them. Inputs of the data path
 * (`x`, both operands of a binary op, every tensor of a cat) are rows, each once; weights,
 * biases, targets and running statistics count as the parameters of the op that takes them.
 */
export function summarize(values: unknown[]): NetworkSummary {
  const roots = values.flat();
  const order: LayerValue[] = [];
  const seen = new Set<LayerValue>();
  const visit = (v: LayerValue) => {
    if (seen.has(v)) return;
    seen.add(v);
    if (v.op === "grad") return;
    for (const input of dataInputs(v)) visit(input);
    order.push(v);
  };
  for (const root of roots) {
    if (!(root instanceof LayerValue)) throw new Error(`summary: expected layer values, got ${describe(root)}`);
    visit(root);
  }
  // A value another layer of the same cell takes in was made inline (the relu in
  // `const pool1 = maxPool2d(relu(conv1))`): it is named by its op, the cell's name goes to the
  // value the cell ends with.
  const inline = new Set<LayerValue>();
  for (const v of order) for (const input of dataInputs(v)) if (input.label === v.label) inline.add(input);
  const fields = new Map<LayerValue, AxisField[] | null>();
  const rows = order
    .filter((v) => v.op !== "grad")
    .map((v): SummaryRow => {
      const inputs = dataInputs(v);
      const field = !inputs.length || !v.info ? v.shape.slice(2).map(() => ({ size: 1, stride: 1, start: 0 })) : composeField(widest(inputs.map((x) => fields.get(x) ?? null)), v.info);
      fields.set(v, field);
      const modal = v.info && getOp(v.op).options.includes("training");
      return {
        ...(modal ? { mode: v.options.training === true ? ("train" as const) : ("eval" as const) } : {}),
        name: inline.has(v) || v.label.startsWith("cell ") ? v.op : v.label,
        op: v.info ? v.op : "input",
        shape: [...v.shape],
        params: v.info?.params ?? 0,
        macs: v.info?.macs ?? 0,
        receptiveField: field,
      };
    });
  return new NetworkSummary(rows);
}

/** The op with its mode where it has one: "batch_norm (train)". */
export const opWithMode = (r: SummaryRow): string => (r.mode ? `${r.op} (${r.mode})` : r.op);

/** A field's size in whole input positions: a fractional one (after interpolate) rounded up. */
export const fieldSize = (size: number): number => Math.ceil(size - 1e-9);

export function formatRow(r: SummaryRow): string {
  const rf = r.receptiveField ? r.receptiveField.map((f) => fieldSize(f.size)).join("x") : "all";
  return `${r.name} ${opWithMode(r)} ${formatShape(r.shape)} params ${r.params} macs ${r.macs} field ${rf}`;
}
