import { LayerValue } from "../kernel/dataflow/layer_value.ts";
import { composeField, type AxisField } from "../kernel/tensor/shapes.ts";
import { formatShape } from "../kernel/tensor/tensor.ts";
import { describe } from "./arguments.ts";

export interface SummaryRow {
  /** The cell that made the layer. */
  name: string;
  op: string;
  shape: number[];
  params: number;
  macs: number;
  /** Per spatial axis of the network's input; null once a layer mixes all positions. */
  receptiveField: AxisField[] | null;
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

/**
 * Walks back from the given values through the ops that made them. Inputs of the data path
 * (what flows through `x`) are rows; weights, biases and targets count as the parameters of
 * the op that takes them.
 */
export function summarize(values: unknown[]): NetworkSummary {
  const roots = values.flat();
  const order: LayerValue[] = [];
  const seen = new Set<LayerValue>();
  const visit = (v: LayerValue) => {
    if (seen.has(v)) return;
    seen.add(v);
    if (v.op === "grad") return;
    const x = v.inputs.x;
    if (x) visit(x);
    order.push(v);
  };
  for (const root of roots) {
    if (!(root instanceof LayerValue)) throw new Error(`summary: expected layer values, got ${describe(root)}`);
    visit(root);
  }
  const fields = new Map<LayerValue, AxisField[] | null>();
  const rows = order
    .filter((v) => v.op !== "grad")
    .map((v): SummaryRow => {
      const x = v.inputs.x;
      const field = !x || !v.info ? v.shape.slice(2).map(() => ({ size: 1, stride: 1, start: 0 })) : composeField(fields.get(x) ?? null, v.info);
      fields.set(v, field);
      return {
        name: v.label,
        op: v.info ? v.op : "input",
        shape: [...v.shape],
        params: v.info?.params ?? 0,
        macs: v.info?.macs ?? 0,
        receptiveField: field,
      };
    });
  return new NetworkSummary(rows);
}

export function formatRow(r: SummaryRow): string {
  const rf = r.receptiveField ? r.receptiveField.map((f) => f.size).join("x") : "all";
  return `${r.name} ${r.op} ${formatShape(r.shape)} params ${r.params} macs ${r.macs} field ${rf}`;
}
