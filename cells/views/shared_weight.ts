import * as Plot from "@observablehq/plot";
import { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { Tensor } from "../../kernel/tensor/tensor.ts";
import { describe } from "../arguments.ts";
import { element, figure, formatValue } from "./figure.ts";
import { heatmap } from "./heatmap.ts";
import { mapColors, unravel, type ChannelMap } from "./maps.ts";

/** Per spatial axis of a conv: stride, padding before the input, dilation. */
export interface AxisGeometry {
  stride: number;
  padding: number;
  dilation: number;
}

/**
 * What each scan position adds to the gradient of one shared weight w[o, c, k...] of a conv:
 * contribution[p] = Σ_n gy[n, o, p] · x[n, g·Cin/g + c, p·stride + k·dilation − padding]
 * (zero where the window reaches into the padding). Their sum is ∂loss/∂w[o, c, k...].
 * x: [N, Cin, spatial...], gy: [N, Cout, out spatial...].
 */
export function weightContributions(x: Tensor, gy: Tensor, geometry: readonly AxisGeometry[], index: readonly number[], groups = 1): { contributions: Float64Array; outShape: number[]; sum: number } {
  const [n, cin] = x.shape,
    cout = gy.shape[1];
  const inShape = x.shape.slice(2),
    outShape = gy.shape.slice(2);
  const [o, c, ...k] = index;
  if (k.length !== inShape.length || geometry.length !== inShape.length) {
    throw new Error(`sharedWeight: expected an index [out, in, ${inShape.map((_, i) => `k${i}`).join(", ")}], got [${index.join(", ")}]`);
  }
  const inChannel = Math.floor(o / (cout / groups)) * (cin / groups) + c;
  const positions = outShape.reduce((a, b) => a * b, 1);
  const inSize = inShape.reduce((a, b) => a * b, 1);
  const contributions = new Float64Array(positions);
  for (let p = 0; p < positions; p++) {
    // Unravel p into output coordinates, find the input position the weight multiplies.
    let at = 0,
      inside = true;
    const coords = unravel(p, outShape);
    for (let a = 0; a < coords.length; a++) {
      const pos = coords[a] * geometry[a].stride + k[a] * geometry[a].dilation - geometry[a].padding;
      if (pos < 0 || pos >= inShape[a]) {
        inside = false;
        break;
      }
      at = at * inShape[a] + pos;
    }
    if (!inside) continue;
    let sum = 0;
    for (let b = 0; b < n; b++) sum += gy.data[(b * cout + o) * positions + p] * x.data[(b * cin + inChannel) * inSize + at];
    contributions[p] = sum;
  }
  return { contributions, outShape, sum: contributions.reduce((a, b) => a + b, 0) };
}

/** The geometry of a conv layer value, from what its shapes said (the padding as applied, dilation from the kernel). */
export function geometryOf(conv: LayerValue): AxisGeometry[] {
  const weight = conv.inputs.weight;
  if (!conv.info?.windows || !weight || !/^conv[12]d$/.test(conv.op)) {
    throw new Error(`sharedWeight: expected the output of conv1d or conv2d, got ${String(conv)}`);
  }
  const kernels = weight.shape.slice(2);
  return conv.info.windows.map((w, a) => ({ stride: w.stride, padding: w.padding, dilation: kernels[a] > 1 ? (w.kernel - 1) / (kernels[a] - 1) : 1 }));
}

/**
 * The shared-parameter view: for one weight of a conv's filter, the contribution of every scan
 * position to its gradient (a map over the output), and their sum beside the gradient the
 * engine reports for that weight. They agree: a shared weight's gradient is the sum over its copies.
 */
export async function sharedWeight(conv: unknown, options: { gradOutput: unknown; gradWeight: unknown; index: number[] }): Promise<HTMLElement> {
  if (!(conv instanceof LayerValue)) throw new Error(`sharedWeight: expected a conv layer value, got ${describe(conv)}`);
  const { gradOutput, gradWeight, index } = options ?? {};
  if (!(gradOutput instanceof LayerValue) || !(gradWeight instanceof LayerValue)) {
    throw new Error("sharedWeight: expected {gradOutput: grad(loss, conv), gradWeight: grad(loss, weight), index: [out, in, ...k]}");
  }
  const geometry = geometryOf(conv);
  const [x, gy, gw] = await Promise.all([conv.inputs.x.read(), gradOutput.read(), gradWeight.read()]);
  const groups = Number(conv.options.groups ?? 1);
  const { contributions, outShape, sum } = weightContributions(x, gy, geometry, index, groups);
  let flat = 0;
  for (let a = 0; a < index.length; a++) flat = flat * gw.shape[a] + index[a];
  const engine = gw.data[flat];
  const name = `w[${index.join(", ")}]`;
  const { figure: root, body } = figure(
    "shared-weight",
    `${name} is used at ${contributions.length} positions: Σ contributions = ${formatValue(sum)}; the engine's ∂loss/∂${name} = ${formatValue(engine)}`,
    `contributions of each scan position to the gradient of ${name}`,
  );
  root.dataset.sum = String(sum);
  root.dataset.engine = String(engine);
  const [rows, cols] = outShape.length === 2 ? outShape : [1, outShape[0]];
  const values = Float32Array.from(contributions);
  const map: ChannelMap = { channel: 0, rows, cols, values, min: Math.min(...values), max: Math.max(...values) };
  const cell = Math.max(3, Math.min(16, Math.floor(220 / Math.max(rows, cols))));
  const tile = body.appendChild(element("div", { role: "img", "aria-label": `contributions over the ${rows} × ${cols} output positions` }));
  tile.append(heatmap(map, mapColors([map], { signed: true })[0], cell, rows === 1 ? 24 : cell));
  // The running sum over positions in scan order ends at the gradient.
  let running = 0;
  const steps = Array.from(contributions, (v, p) => ({ p, total: (running += v) }));
  body.append(
    Plot.plot({
      width: 300,
      height: 160,
      marginLeft: 50,
      x: { label: "scan position" },
      y: { label: "running sum", grid: true },
      marks: [Plot.line(steps, { x: "p", y: "total" }), Plot.ruleY([engine], { stroke: "#b3261e", strokeDasharray: "4 3" })],
    }),
  );
  return root;
}
