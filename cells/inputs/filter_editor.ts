import * as Plot from "@observablehq/plot";
import { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { Tensor } from "../../kernel/tensor/tensor.ts";
import { describe } from "../arguments.ts";
import { element, formatValue } from "../views/figure.ts";
import { announce as announceInput, oncePerFrame, withValue, type InputElement } from "./controls.ts";
import { presetKernel, presetsFor, type Preset } from "./presets.ts";

export interface FilterEditorOptions {
  label?: string;
  /** Which output filter to show first. */
  filter?: number;
  /** Value change per pixel of vertical drag (default: 1% of the weights' range). */
  sensitivity?: number;
  /** Pixels per weight in the grid (default 36). */
  cell?: number;
}

/**
 * Where the editor's data lives and how it is announced: the weights as a flat copy, changed in
 * place, uploaded as a new tensor at most once per animation frame (latest wins downstream).
 */
class FilterState {
  readonly data: Float32Array;
  readonly initial: Float32Array;
  readonly rows: number;
  readonly cols: number;
  /** Announces the weights as they are now, at most once per frame. */
  readonly changed: () => void;

  constructor(
    readonly shape: number[],
    data: ArrayLike<number>,
    commit: (t: Tensor) => void,
  ) {
    this.changed = oncePerFrame(() => commit({ shape: [...this.shape], data: Float32Array.from(this.data) }));
    this.data = Float32Array.from(data);
    this.initial = Float32Array.from(data);
    this.rows = shape.length === 4 ? shape[2] : 1;
    this.cols = shape[shape.length - 1];
  }

  get size(): number {
    return this.rows * this.cols;
  }
  index(out: number, input: number, r: number, c: number): number {
    return ((out * this.shape[1] + input) * this.rows + r) * this.cols + c;
  }
}

/** A weight as a cell of the grid: a spin button, dragged, wheeled, stepped with arrows or typed. */
function weightCell(state: FilterState, at: number, label: string, size: number, sensitivity: number, repaint: () => void): HTMLElement {
  const cell = element(
    "div",
    { role: "spinbutton", tabindex: "0", "aria-label": label, class: "weight" },
    {
      width: `${size}px`,
      height: `${size}px`,
      display: "flex",
      alignItems: "center",
      justifyContent: "center",
      font: `${Math.max(8, Math.min(11, size / 3.4))}px ui-monospace, monospace`,
      cursor: "ns-resize",
      userSelect: "none",
      touchAction: "none",
    },
  );
  const set = (v: number) => {
    state.data[at] = Math.round(v * 1000) / 1000;
    repaint();
    state.changed();
  };
  let drag: { y: number; start: number } | null = null;
  cell.addEventListener("pointerdown", (e) => {
    drag = { y: e.clientY, start: state.data[at] };
    cell.setPointerCapture(e.pointerId);
    cell.focus();
  });
  cell.addEventListener("pointermove", (e) => {
    if (drag) set(drag.start + (drag.y - e.clientY) * sensitivity);
  });
  const stop = () => {
    drag = null;
  };
  cell.addEventListener("pointerup", stop);
  cell.addEventListener("pointercancel", stop);
  cell.addEventListener(
    "wheel",
    (e) => {
      e.preventDefault();
      set(state.data[at] - Math.sign(e.deltaY) * sensitivity * 5);
    },
    { passive: false },
  );
  cell.addEventListener("keydown", (e) => {
    const step = e.shiftKey ? 0.01 : 0.1;
    if (e.key === "ArrowUp") {
      e.preventDefault();
      set(state.data[at] + step);
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      set(state.data[at] - step);
    } else if (e.key === "Enter" || /^[-\d.]$/.test(e.key)) {
      e.preventDefault();
      type(e.key === "Enter" ? "" : e.key);
    }
  });
  // Typing a number: an inline text field; Enter keeps it, Escape or a bad number keeps the old value.
  const type = (first: string) => {
    const field = element("input", { type: "text", inputmode: "decimal", "aria-label": `${label}: type a value` }, { width: `${size - 4}px`, font: "inherit" });
    field.value = first || String(state.data[at]);
    cell.replaceChildren(field);
    field.focus();
    const done = (keep: boolean) => {
      const v = Number(field.value);
      if (keep && field.value.trim() !== "" && Number.isFinite(v)) set(v);
      else repaint();
      cell.focus();
    };
    field.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter") done(true);
      if (e.key === "Escape") done(false);
    });
    field.addEventListener("blur", () => done(true), { once: true });
  };
  return cell;
}

/**
 * An editor of a conv weight [Cout, Cin, kH, kW] (or [Cout, Cin, K]): the grids of one output
 * filter, one per input channel, coloured on a diverging scale; presets and a reset. Its value
 * is the weight tensor, a new layer value after each change.
 */
export function filterEditorFactory(upload: (t: Tensor) => LayerValue) {
  return function filterEditor(initial: unknown, options: FilterEditorOptions = {}): InputElement<LayerValue> {
    if (!(initial instanceof LayerValue) || (initial.shape.length !== 4 && initial.shape.length !== 3)) {
      throw new Error(`filterEditor: expected a conv weight [Cout, Cin, kH, kW] or [Cout, Cin, K] (a layer value), got ${describe(initial)}`);
    }
    const [cout, cin] = initial.shape;
    const label = options.label ?? initial.label;
    let current = initial;
    const root = element("div", { class: "scanbook-input filter-editor", role: "group", "aria-label": `filter editor for ${label}` }, { font: "13px system-ui, sans-serif" });
    const bar = root.appendChild(element("div", {}, { display: "flex", gap: "8px", alignItems: "center", flexWrap: "wrap", marginBottom: "6px" }));
    const grids = root.appendChild(element("div", { class: "grids" }, { display: "flex", gap: "12px", flexWrap: "wrap" }));
    const announce = (t: Tensor) => {
      current = upload(t);
      announceInput(root);
    };
    let filter = Math.min(Math.max(0, options.filter ?? 0), cout - 1);
    let state: FilterState | undefined;

    const pick = bar.appendChild(element("select", { "aria-label": "filter to edit" })) as HTMLSelectElement;
    for (let o = 0; o < cout; o++) Object.assign(pick.appendChild(element("option", { value: String(o) })), { textContent: `${label} filter ${o}` });
    pick.value = String(filter);
    const presetMenu = bar.appendChild(element("select", { "aria-label": "preset" })) as HTMLSelectElement;
    Object.assign(presetMenu.appendChild(element("option", { value: "" })), { textContent: "preset…" });
    for (const p of presetsFor(initial.shape.length === 4 ? initial.shape[2] : 1)) Object.assign(presetMenu.appendChild(element("option", { value: p })), { textContent: p });
    const reset = bar.appendChild(element("button", { type: "button" })) as HTMLButtonElement;
    reset.textContent = "reset";
    const cells: HTMLElement[] = [];

    const repaint = () => {
      if (!state) return;
      const bound = Math.max(1e-6, ...Array.from(state.data, Math.abs));
      const color = Plot.scale({ color: { type: "diverging", scheme: "BuRd", domain: [-bound, bound] } });
      for (const cell of cells) {
        const at = Number(cell.dataset.at);
        const v = state.data[at];
        cell.style.background = String(color.apply(v));
        cell.style.color = Math.abs(v) > bound * 0.6 ? "#fff" : "#111";
        cell.textContent = v.toFixed(2);
        cell.setAttribute("aria-valuenow", String(v));
        cell.setAttribute("aria-valuetext", formatValue(v));
      }
    };
    const build = () => {
      if (!state) return;
      grids.replaceChildren();
      cells.length = 0;
      const size = options.cell ?? 36;
      const sensitivity = options.sensitivity ?? Math.max(0.002, (Math.max(...state.data) - Math.min(...state.data)) / 100);
      for (let i = 0; i < cin; i++) {
        const box = grids.appendChild(element("div", { class: "channel" }));
        Object.assign(box.appendChild(element("div", {}, { fontSize: "11px", color: "var(--muted, #5b6270)" })), { textContent: `input channel ${i}` });
        const grid = box.appendChild(
          element(
            "div",
            { role: "grid", "aria-label": `filter ${filter}, input channel ${i}` },
            {
              display: "grid",
              gridTemplateColumns: `repeat(${state.cols}, ${size}px)`,
              gap: "1px",
              background: "var(--rule, #e3e6ea)",
              border: "1px solid var(--rule, #e3e6ea)",
              width: "max-content",
            },
          ),
        );
        for (let r = 0; r < state.rows; r++) {
          for (let c = 0; c < state.cols; c++) {
            const at = state.index(filter, i, r, c);
            const where = state.rows > 1 ? `row ${r}, column ${c}` : `tap ${c}`;
            const cell = weightCell(state, at, `weight ${label}[${filter}, ${i}, ${where}]`, size, sensitivity, repaint);
            cell.dataset.at = String(at);
            cells.push(grid.appendChild(cell));
          }
        }
      }
      repaint();
    };
    pick.addEventListener("input", (e) => {
      e.stopPropagation();
      filter = Number(pick.value);
      build();
    });
    presetMenu.addEventListener("input", (e) => {
      e.stopPropagation();
      if (!state || !presetMenu.value) return;
      const kernel = presetKernel(presetMenu.value as Preset, state.rows, state.cols);
      for (let i = 0; i < cin; i++) state.data.set(kernel, state.index(filter, i, 0, 0));
      presetMenu.value = "";
      repaint();
      state.changed();
    });
    reset.addEventListener("click", () => {
      if (state) {
        state.data.set(state.initial);
        repaint();
        state.changed();
      }
    });
    initial.read().then(
      (t) => {
        state = new FilterState([...t.shape], t.data, announce);
        build();
      },
      (error: Error) => {
        grids.textContent = `filterEditor: ${error.message}`;
      },
    );
    return withValue(
      root,
      () => current,
      () => {
        throw new Error("filterEditor: the value is set by editing the weights");
      },
    );
  };
}
