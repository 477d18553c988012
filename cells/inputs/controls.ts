import { element } from "../views/figure.ts";

/**
 * An input in Observable's sense: an element with a `value` that announces changes with an
 * "input" event, so `view(...)` makes its value a reactive cell.
 */
export type InputElement<T> = HTMLElement & { value: T };

/**
 * Tells `view` the value changed: an "input" event made by the element's own window (under
 * Node, the global Event is Node's, which a jsdom element refuses).
 */
export function announce(target: Element): void {
  const EventOf = target.ownerDocument?.defaultView?.Event ?? Event;
  target.dispatchEvent(new EventOf("input", { bubbles: true }));
}

/**
 * Calls `f` at most once per animation frame however often it is asked (a drag sends many
 * pointer events per frame); without frames (headless), once per microtask.
 */
export function oncePerFrame(f: () => void): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    const run = () => {
      scheduled = false;
      f();
    };
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(run);
    else queueMicrotask(run);
  };
}

function withValue<T>(root: HTMLElement, read: () => T, write: (v: T) => void): InputElement<T> {
  Object.defineProperty(root, "value", { get: read, set: write, configurable: true });
  return root as InputElement<T>;
}

export interface SliderOptions {
  label: string;
  min?: number;
  max?: number;
  step?: number;
  value?: number;
  /** Apply when the slider is released (or a key is let go), not on every step: for costly layers. */
  release?: boolean;
}

let ids = 0;

/** A labelled slider for a layer option (stride, padding, dilation, kernel size, channels), with its value shown. */
export function slider(options: SliderOptions): InputElement<number> {
  const { label, min = 0, max = 10, step = 1, release = false } = options;
  const value = options.value ?? min;
  if (!(min <= value && value <= max)) throw new Error(`slider "${label}": value ${value} is outside [${min}, ${max}]`);
  const id = `scanbook-slider-${++ids}`;
  const root = element("div", { class: "scanbook-input slider" }, { display: "flex", gap: "8px", alignItems: "center", font: "13px system-ui, sans-serif" });
  const text = root.appendChild(element("label", { for: id }, { minWidth: "7em" }));
  text.textContent = label;
  const range = root.appendChild(element("input", { id, type: "range", min: String(min), max: String(max), step: String(step), value: String(value) }));
  const shown = root.appendChild(element("output", { for: id }, { font: "13px ui-monospace, monospace", minWidth: "3em" }));
  shown.textContent = String(value);
  let current = value;
  range.addEventListener("input", (e) => {
    e.stopPropagation(); // the control announces its own value (a number, not the range's string)
    shown.textContent = range.value;
    if (!release) {
      current = range.valueAsNumber;
      announce(root);
    }
  });
  range.addEventListener("change", () => {
    if (release && range.valueAsNumber !== current) {
      current = range.valueAsNumber;
      announce(root);
    }
  });
  return withValue(
    root,
    () => current,
    (v: number) => {
      current = v;
      range.value = String(v);
      shown.textContent = String(v);
    },
  );
}

export interface SelectOptions<T> {
  label: string;
  options: readonly T[];
  value?: T;
  /** How an option reads (default: String). */
  format?: (option: T) => string;
}

/** A labelled select among layer settings (padding "same"/"valid", a kernel size, an activation). */
export function select<T>(options: SelectOptions<T>): InputElement<T> {
  const { label, format = String } = options;
  if (!options.options.length) throw new Error(`select "${label}": expected at least one option`);
  const id = `scanbook-select-${++ids}`;
  const root = element("div", { class: "scanbook-input select" }, { display: "flex", gap: "8px", alignItems: "center", font: "13px system-ui, sans-serif" });
  const text = root.appendChild(element("label", { for: id }, { minWidth: "7em" }));
  text.textContent = label;
  const menu = root.appendChild(element("select", { id }));
  options.options.forEach((o, i) => {
    const opt = menu.appendChild(element("option", { value: String(i) }));
    opt.textContent = format(o);
  });
  const start = options.value === undefined ? 0 : options.options.indexOf(options.value);
  if (start < 0) throw new Error(`select "${label}": value ${format(options.value as T)} is not one of the options`);
  menu.value = String(start);
  menu.addEventListener("input", (e) => {
    e.stopPropagation();
    announce(root);
  });
  return withValue(
    root,
    () => options.options[Number(menu.value)],
    (v: T) => {
      menu.value = String(options.options.indexOf(v));
    },
  );
}

export { withValue };
