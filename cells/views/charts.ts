import * as Plot from "@observablehq/plot";
import { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { describe } from "../arguments.ts";
import { nameOf, titleOf } from "./naming.ts";
import { figure } from "./figure.ts";

export interface Score {
  label: string;
  value: number;
}

/** Class scores of one sample as labelled values (the data step; tested). `labels` default to 0..K-1. */
export function scoresOf(data: ArrayLike<number>, shape: readonly number[], sample = 0, labels?: readonly string[]): Score[] {
  if (shape.length !== 2) throw new Error(`scoreBars: expected scores [N, classes], got [${shape.join(", ")}]`);
  const k = shape[1];
  if (labels && labels.length !== k) throw new Error(`scoreBars: ${labels.length} labels for ${k} classes`);
  return Array.from({ length: k }, (_, i) => ({ label: labels?.[i] ?? String(i), value: data[sample * k + i] }));
}

/** Softmax outputs or class scores as bars, the largest marked. */
export async function scoreBars(value: unknown, options: { sample?: number; labels?: string[]; title?: string } = {}): Promise<HTMLElement> {
  if (!(value instanceof LayerValue)) throw new Error(`scoreBars: expected a layer value [N, classes], got ${describe(value)}`);
  const t = await value.read();
  const scores = scoresOf(t.data, t.shape, options.sample ?? 0, options.labels);
  const best = scores.reduce((a, b) => (b.value > a.value ? b : a));
  const { figure: root, body } = figure("score-bars", options.title ?? `${titleOf(value, t.shape)} · highest: ${best.label}`, `class scores of ${nameOf(value)}`);
  body.append(
    Plot.plot({
      height: 40 + 22 * scores.length,
      marginLeft: 60,
      marginRight: 48, // room for the value printed after the longest bar
      x: { grid: true, label: nameOf(value) },
      y: { label: null, domain: scores.map((s) => s.label) },
      marks: [
        Plot.barX(scores, { x: "value", y: "label", fill: (d: Score) => (d === best ? "#1f5fa8" : "#9db4cf") }),
        Plot.ruleX([0]),
        Plot.text(scores, { x: "value", y: "label", text: (d: Score) => d.value.toFixed(3), dx: 4, textAnchor: "start" }),
      ],
    }),
  );
  return root;
}

export interface LossPoint {
  step: number;
  loss: number;
  accuracy?: number;
  split?: string;
}

/** A loss curve from training records (a line per split), growing as records arrive. */
export function lossCurve(records: readonly LossPoint[], options: { title?: string; y?: "loss" | "accuracy" } = {}): HTMLElement {
  const y = options.y ?? "loss";
  const points = records.filter((r) => typeof r[y] === "number");
  // Counted in steps, as the x axis and the progress line count them (not in records).
  const steps = points.reduce((m, p) => Math.max(m, p.step), 0);
  const { figure: root, body } = figure("loss-curve", options.title ?? `${y} over ${steps} step${steps === 1 ? "" : "s"}`, `${y} curve`);
  body.append(
    Plot.plot({
      height: 236,
      grid: true,
      // The label under the tick labels, centred: at the end of the axis it covered the last tick.
      marginBottom: 40,
      x: { label: "step", labelAnchor: "center", labelOffset: 36 },
      y: { label: y, zero: y === "accuracy" },
      color: { legend: points.some((p) => p.split) },
      marks: [Plot.line(points, { x: "step", y, stroke: (d: LossPoint) => d.split ?? "train" }), ...(points.length ? [Plot.dot(points.slice(-1), { x: "step", y })] : [])],
    }),
  );
  return root;
}
