import * as Plot from "@observablehq/plot";
import { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { describe } from "../arguments.ts";
import { element, figure, formatValue, plural } from "./figure.ts";
import { heatmap } from "./heatmap.ts";
import { cellSize, outlineBox, outlineWindow } from "./map_grid.ts";
import { channelMaps, mapColors, unravel, type ChannelMap, type MapColor } from "./maps.ts";
import { nameOf, titleOf } from "./naming.ts";
import type { Window } from "./receptive.ts";

export interface ScanStep {
  /** Output coordinates of the step (one per spatial axis). */
  position: number[];
  /** The input window the step reads: from -padding (the zero padding before the input) to size - 1 + padding. */
  window: Window;
}

/**
 * The steps of a scan, in the order the output is filled (row by row): for each output
 * position, the input window under the filter, from the layer's kernel extent, stride, padding.
 */
export function scanSteps(windows: ReadonlyArray<{ kernel: number; stride: number; padding: number }>, inSpatial: readonly number[], outSpatial: readonly number[]): ScanStep[] {
  const total = outSpatial.reduce((a, b) => a * b, 1);
  return Array.from({ length: total }, (_, p) => {
    const position = unravel(p, outSpatial);
    // The window where the filter sits, reaching into the zero padding (drawn around the
    // input): indices from -padding to size - 1 + padding.
    const window = windows.map((w, axis): [number, number] => {
      const start = position[axis] * w.stride - w.padding;
      return [Math.max(start, -w.padding), Math.min(start + w.kernel - 1, inSpatial[axis] - 1 + w.padding)];
    });
    return { position, window };
  });
}

/** A 1-D input's channels as one map: channels down, time across. */
function allChannels(values: ChannelMap["values"], rows: number, cols: number): ChannelMap {
  let min = Infinity,
    max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { channel: 0, rows, cols, values, min, max };
}

/** The output map as it stands after `done` steps: later positions are NaN (not drawn). */
export function partialMap(map: ChannelMap, done: number): ChannelMap {
  const values = Float32Array.from(map.values, (v, i) => (i < done ? v : NaN));
  return { ...map, values };
}

/**
 * A scan, step by step: the window sliding over the input (channel `inChannel`) while output
 * channel `outChannel` fills in, for the conv or pooling layer given (1-D or 2-D). Play, pause,
 * or step with the slider (keyboard: arrows on the slider, space on the button).
 */
export async function scanAnimation(layer: unknown, options: { inChannel?: number; outChannel?: number; stepsPerSecond?: number } = {}): Promise<HTMLElement> {
  if (!(layer instanceof LayerValue) || !layer.inputs.x || !layer.info?.windows?.length) {
    throw new Error(`scanAnimation: expected the output of a conv or pooling layer, got ${describe(layer)}`);
  }
  const { inChannel = 0, outChannel = 0, stepsPerSecond = 8 } = options;
  const [x, y] = await Promise.all([layer.inputs.x.read(), layer.read()]);
  // A 1-D layer's filter spans every input channel: the input is drawn as channels × time and
  // the window covers all rows. A 2-D layer is drawn one input channel at a time.
  const oneD = x.shape.length === 3;
  const input = oneD ? allChannels(x.data.subarray(0, x.shape[1] * x.shape[2]), x.shape[1], x.shape[2]) : channelMaps(x)[inChannel];
  const output = channelMaps(y)[outChannel];
  if (!input || !output) throw new Error(`scanAnimation: no channel ${input ? outChannel : inChannel} in the ${input ? "output" : "input"}`);
  const steps = scanSteps(layer.info.windows, x.shape.slice(2), y.shape.slice(2)).map((s) => (oneD ? { ...s, window: [[0, x.shape[1] - 1], s.window[0]] as Window } : s));
  const { figure: root, body } = figure("scan-animation", `${titleOf(layer)} · the window scans the input in ${plural(steps.length, "step")}`, `scan animation of ${nameOf(layer)}`);
  // Small maps (the lecture's 5 × 5) are drawn large, with their numbers in the cells.
  const small = !oneD && input.rows * input.cols <= 144 && output.rows * output.cols <= 144;
  // Small maps get cells up to 48 px (a 5 × 5 input 240 px wide), room for their numbers.
  const inCell = cellSize(input.rows, input.cols, oneD ? 520 : small ? 240 : 200, small ? 48 : 16),
    outCell = cellSize(output.rows, output.cols, oneD ? 520 : small ? 240 : 200, small ? 48 : 16);
  if (oneD) body.style.flexDirection = "column";
  // The zero padding the windows reach into, drawn as a dashed frame around the input.
  const pad = (oneD ? [{ padding: 0 }, ...layer.info.windows] : layer.info.windows).map((w) => Math.max(0, w.padding));
  const inBox = body.appendChild(element("div", { class: "scan-input" }, { position: "relative", lineHeight: "0", margin: `${pad[0] * inCell}px ${pad[1] * inCell}px` }));
  const inColor = mapColors([input])[0];
  inBox.append(heatmap(input, inColor, inCell));
  if (pad[0] || pad[1]) {
    const frame = inBox.appendChild(
      element(
        "div",
        { class: "scan-padding", title: `zero padding: ${pad.join(" × ")}` },
        {
          position: "absolute",
          left: `${-pad[1] * inCell}px`,
          top: `${-pad[0] * inCell}px`,
          width: `${(input.cols + 2 * pad[1]) * inCell}px`,
          height: `${(input.rows + 2 * pad[0]) * inCell}px`,
          border: "1px dashed var(--muted, #5b6270)",
          boxSizing: "border-box",
          pointerEvents: "none",
        },
      ),
    );
    frame.setAttribute("aria-hidden", "true");
  }
  if (small) numbersOver(inBox, input, inColor, inCell, pad);
  const outline = inBox.appendChild(outlineBox());
  const outBox = body.appendChild(element("div", { class: "scan-output" }, { lineHeight: "0", position: "relative" }));
  const outColor = mapColors([output])[0];
  const controls = root.appendChild(element("div", {}, { display: "flex", gap: "8px", alignItems: "center", font: "13px system-ui, sans-serif" }));
  const play = controls.appendChild(element("button", { type: "button" })) as HTMLButtonElement;
  const slider = controls.appendChild(element("input", { type: "range", min: "0", max: String(steps.length), value: "0", "aria-label": "scan step" })) as HTMLInputElement;
  const readout = controls.appendChild(element("span", { "aria-live": "off" }, { fontFamily: "ui-monospace, monospace" }));

  let done = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const show = (n: number) => {
    done = n;
    slider.value = String(n);
    const step = steps[Math.max(0, n - 1)];
    outlineWindow(inBox, outline, n > 0 ? step.window : null, inCell);
    outBox.replaceChildren(heatmap(partialMap(output, n), outColor, outCell, oneD ? 20 : outCell));
    if (small) numbersOver(outBox, partialMap(output, n), outColor, outCell);
    readout.textContent = n > 0 ? `step ${n}/${steps.length}: output (${step.position.join(", ")}) = ${formatValue(output.values[n - 1])}` : `0/${steps.length}`;
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
    play.textContent = "play";
  };
  play.addEventListener("click", () => {
    if (timer) return stop();
    if (done >= steps.length) show(0);
    play.textContent = "pause";
    timer = setInterval(() => {
      if (!root.isConnected && done > 0) return stop(); // the cell ran again: this view is gone
      if (done >= steps.length) return stop();
      show(done + 1);
    }, 1000 / stepsPerSecond);
  });
  slider.addEventListener("input", (e) => {
    e.stopPropagation();
    stop();
    show(slider.valueAsNumber);
  });
  play.textContent = "play";
  show(steps.length); // the finished scan first (as a report keeps it); play starts it over
  return root;
}

/**
 * Each cell's value printed over a small map, dark on light colours and white on dark ones
 * (NaN, a cell not scanned yet, left blank); with `pad`, the zero padding's zeros around it, faint.
 */
function numbersOver(box: HTMLElement, map: ChannelMap, color: MapColor, cell: number, pad: readonly number[] = [0, 0]): void {
  const [pr, pc] = pad;
  const rows = map.rows + 2 * pr,
    cols = map.cols + 2 * pc;
  const grid = box.appendChild(
    element(
      "div",
      { class: "scan-numbers", "aria-hidden": "true" },
      {
        position: "absolute",
        left: `${-pc * cell}px`,
        top: `${-pr * cell}px`,
        display: "grid",
        gridTemplateColumns: `repeat(${cols}, ${cell}px)`,
        gridAutoRows: `${cell}px`,
        pointerEvents: "none",
        lineHeight: `${cell}px`,
        textAlign: "center",
        font: `${Math.max(10, Math.round(cell / 3))}px ui-monospace, monospace`,
      },
    ),
  );
  const fill = Plot.scale({ color: { type: color.type, scheme: color.scheme, domain: color.domain } });
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const span = grid.appendChild(element("span"));
      const inside = r >= pr && r < pr + map.rows && c >= pc && c < pc + map.cols;
      if (!inside) {
        Object.assign(span, { textContent: "0", className: "padding-zero" });
        span.style.color = "var(--muted, #5b6270)";
        continue;
      }
      const v = map.values[(r - pr) * map.cols + (c - pc)];
      if (Number.isNaN(v)) continue;
      span.textContent = Number.isInteger(v) ? String(v) : v.toFixed(1);
      span.style.color = textOn(String(fill.apply(color.constant ?? v)));
    }
}

/** Dark text on a light background colour ("#rrggbb" or "rgb(r, g, b)", as Plot's schemes give it), white on a dark one. */
export function textOn(background: string): string {
  const hex = background.match(/^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i);
  const rgb = hex
    ? hex.slice(1).map((x) => Number.parseInt(x, 16))
    : background
        .match(/rgb\((\d+),\s*(\d+),\s*(\d+)\)/)
        ?.slice(1)
        .map(Number);
  if (!rgb) return "#fff";
  const [r, g, b] = rgb.map((x) => x / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5 ? "#111" : "#fff";
}
