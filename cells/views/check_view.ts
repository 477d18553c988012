import { element, figure } from "./figure.ts";
import { heatmap } from "./heatmap.ts";
import type { ChannelMap, MapColor } from "./maps.ts";

/** One plane of a tensor a check compared: its values, where it sits, the element to outline. */
export interface FeedbackPlane {
  rows: number;
  cols: number;
  values: ArrayLike<number>;
  /** The leading indices that select the plane, e.g. [0, 2] for sample 0, channel 2. */
  at: number[];
  mark?: [number, number];
}

/**
 * What a check cell shows, as the grader hands it over (kernel/grading/check_cell.ts: a check's
 * result, with its smallest failing case already in words). The view knows nothing of grading.
 */
export interface CheckFeedback {
  name: string;
  passed: boolean;
  message: string;
  mistake?: string;
  smallestText?: string;
  smallestMessage?: string;
  feedback?: string;
  failure?: { part: string; expected?: FeedbackPlane; actual?: FeedbackPlane; relativeError?: FeedbackPlane; difference?: FeedbackPlane };
}

/**
 * A check's feedback in the exercise's notebook: pass or fail first, then what to fix in the
 * order to fix it (a wrong shape before wrong values), the known mistake it looks like, the
 * smallest configuration that still fails, the author's hint, and the maps: expected and
 * actual side by side with their difference, or for a gradient the relative error per
 * element with the worst one outlined.
 */
function planeMap(p: FeedbackPlane): ChannelMap {
  const values = Float64Array.from(p.values);
  let min = Infinity,
    max = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  return { channel: 0, rows: p.rows, cols: p.cols, values, min: Number.isFinite(min) ? min : 0, max: Number.isFinite(max) ? max : 0 };
}

function signedColor(...maps: ChannelMap[]): MapColor {
  const bound = Math.max(1e-12, ...maps.map((m) => Math.max(Math.abs(m.min), Math.abs(m.max))));
  return { type: "diverging", scheme: "BuRd", domain: [-bound, bound] };
}

/** Pixels per value: about 480 px wide, and rows at least 12 px tall so a [C, W] strip of a few channels reads. */
function cellSize(map: ChannelMap): [number, number] {
  const w = Math.max(3, Math.min(16, Math.floor(480 / Math.max(map.cols, 1))));
  return [w, Math.max(w, Math.min(16, Math.floor(160 / Math.max(map.rows, 1))))];
}

function panel(title: string, map: ChannelMap, color: MapColor, mark?: [number, number]): HTMLElement {
  const [w, h] = cellSize(map);
  const box = element("figure", { class: "check-map", "aria-label": title }, { margin: "0" });
  const frame = box.appendChild(element("div", {}, { position: "relative", display: "inline-block", lineHeight: "0" }));
  frame.appendChild(heatmap(map, color, w, h));
  if (mark) {
    // Black inside white, so the outline shows on any colour of either scale.
    frame.appendChild(
      element(
        "div",
        { class: "check-worst", title: "the worst element" },
        {
          position: "absolute",
          left: `${mark[1] * w - 2}px`,
          top: `${mark[0] * h - 2}px`,
          width: `${w}px`,
          height: `${h}px`,
          border: "2px solid #000",
          outline: "2px solid #fff",
          boxSizing: "content-box",
        },
      ),
    );
  }
  const caption = box.appendChild(element("figcaption", {}, { font: "11px/1.4 system-ui, sans-serif", color: "var(--muted, #5b6270)" }));
  caption.textContent = title;
  return box;
}

function maps(result: CheckFeedback): HTMLElement | undefined {
  const f = result.failure;
  if (!f?.expected || !f.actual) return undefined;
  const expected = planeMap(f.expected),
    actual = planeMap(f.actual);
  const color = signedColor(expected, actual);
  const where = f.expected.at.length ? ` [${f.expected.at.join(", ")}, :, :]` : "";
  const row = element("div", { class: "check-maps" }, { display: "flex", gap: "12px", flexWrap: "wrap", marginTop: "6px" });
  row.append(panel(`expected ${f.part}${where}`, expected, color), panel(`your ${f.part}`, actual, color, f.actual.mark));
  if (f.relativeError) {
    const rel = planeMap(f.relativeError);
    row.append(panel("relative error (worst outlined)", rel, { type: "linear", scheme: "Viridis", domain: [0, Math.max(rel.max, 1e-12)] }, f.relativeError.mark));
  } else if (f.difference) {
    const diff = planeMap(f.difference);
    row.append(panel("yours − expected", diff, signedColor(diff), f.difference.mark));
  }
  return row;
}

function line(className: string, label: string, text: string): HTMLElement {
  const p = element("p", { class: className }, { margin: "4px 0", font: "13px/1.45 system-ui, sans-serif" });
  if (label) p.appendChild(element("strong")).textContent = `${label} `;
  p.appendChild(document.createTextNode(text));
  return p;
}

export function checkView(result: CheckFeedback): HTMLElement {
  const mark = result.passed ? "✓" : "✗";
  const { figure: root, body } = figure(`scanbook-check ${result.passed ? "passed" : "failed"}`, `${mark} ${result.name}`, `${mark} ${result.name}: ${result.message}`);
  root.style.borderLeft = `4px solid ${result.passed ? "#2f8f4e" : "#c23b3b"}`;
  root.style.paddingLeft = "8px";
  body.style.display = "block";
  body.appendChild(line("check-message", "", result.message));
  if (result.mistake) body.appendChild(line("check-mistake", "Looks like a known mistake:", result.mistake));
  if (result.smallestText) {
    const how = result.smallestMessage ? `: ${result.smallestMessage}` : "";
    body.appendChild(line("check-smallest", "Smallest failing case:", `${result.smallestText}${how}`));
  }
  if (result.feedback && !result.passed) body.appendChild(line("check-feedback", "Hint:", result.feedback));
  const m = maps(result);
  if (m) body.appendChild(m);
  Object.defineProperty(root, "result", { value: result });
  return root;
}
