import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { fieldBetween, windowAt, type Window } from "./receptive.ts";

/** A drawn map of some layer that can show which of its units a hovered unit sees. */
export interface LinkedView {
  value: LayerValue;
  element: Element;
  /** Outline the window (null: clear); `own` when the window is the hovered unit itself. */
  show(window: Window | null, own: boolean): void;
}

const views = new Set<LinkedView>();
const born = new WeakMap<LinkedView, number>();

/** Views whose figure left the page (its cell ran again) are forgotten; new ones get time to be attached. */
function prune(now: number): void {
  for (const v of views) if (!v.element.isConnected && now - (born.get(v) ?? 0) > 2000) views.delete(v);
}

export function link(view: LinkedView): void {
  const now = performance.now();
  prune(now);
  born.set(view, now);
  views.add(view);
}

/**
 * A unit of `source`'s map got the pointer or the keyboard focus (`position`: one index per
 * spatial axis), or lost it (null). Every linked view of a layer on source's data path
 * outlines the window that unit sees; views of source itself outline the unit.
 */
export function focusUnit(source: LayerValue, position: readonly number[] | null): void {
  prune(performance.now());
  for (const view of views) {
    if (position === null) {
      view.show(null, false);
      continue;
    }
    if (view.value === source) {
      view.show(
        position.map((p) => [p, p] as [number, number]),
        true,
      );
      continue;
    }
    const field = fieldBetween(view.value, source);
    view.show(field ? windowAt(field, position, view.value.shape.slice(2)) : null, false);
  }
}
