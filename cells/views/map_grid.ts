import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { heatmap } from "./heatmap.ts";
import { element, formatValue } from "./figure.ts";
import { focusUnit, link } from "./linking.ts";
import type { ChannelMap, MapColor } from "./maps.ts";
import type { Window } from "./receptive.ts";

export interface MapTile {
  map: ChannelMap;
  color: MapColor;
  title: string;
}

/**
 * One map as a tile: title, heatmap, and an outline for the unit or window to show. When the
 * maps belong to a layer value, pointing at a unit (or moving the keyboard focus with the
 * arrow keys) tells the linked views, which outline what that unit sees.
 */
export function mapTile(tile: MapTile, cell: number, value: LayerValue | undefined, readout: HTMLElement): HTMLElement {
  const { map } = tile;
  const root = element(
    "div",
    {
      class: "map",
      tabindex: "0",
      role: "img",
      "data-channel": String(map.channel),
      "aria-label": `${tile.title}: ${map.rows} × ${map.cols}, from ${formatValue(map.min)} to ${formatValue(map.max)}; arrow keys move between units`,
    },
    { outlineOffset: "2px" },
  );
  const title = root.appendChild(element("div", {}, { font: "11px system-ui, sans-serif", color: "var(--muted, #5b6270)" }));
  title.textContent = tile.title;
  const box = root.appendChild(element("div", { class: "map-box" }, { position: "relative", lineHeight: "0", width: `${map.cols * cell}px` }));
  box.append(heatmap(map, tile.color, cell));
  const outline = box.appendChild(outlineBox());
  const show = (window: Window | null) => outlineWindow(root, outline, window, cell);
  if (!value) return root;
  const spatial = value.shape.length - 2;
  link({ value, element: root, show: (window) => show(window) });
  let unit: [number, number] = [0, 0];
  const point = (row: number, col: number) => {
    unit = [Math.max(0, Math.min(map.rows - 1, row)), Math.max(0, Math.min(map.cols - 1, col))];
    const position = spatial === 2 ? unit : spatial === 1 ? [unit[1]] : [];
    readout.textContent = `${tile.title} (${position.join(", ")}): ${formatValue(map.values[unit[0] * map.cols + unit[1]])}`;
    focusUnit(value, position);
  };
  box.addEventListener("pointermove", (e) => point(Math.floor(e.offsetY / cell), Math.floor(e.offsetX / cell)));
  box.addEventListener("pointerleave", () => focusUnit(value, null));
  root.addEventListener("focus", () => point(unit[0], unit[1]));
  root.addEventListener("blur", () => focusUnit(value, null));
  root.addEventListener("keydown", (e) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      point(unit[0] + move[0], unit[1] + move[1]);
    }
    if (e.key === "Escape") focusUnit(value, null);
  });
  return root;
}

/** The outline drawn over a map (a black frame with a white edge, visible on any colour). */
export function outlineBox(): HTMLElement {
  return element(
    "div",
    { class: "unit-outline" },
    {
      position: "absolute",
      display: "none",
      pointerEvents: "none",
      boxSizing: "border-box",
      border: "2px solid #111",
      boxShadow: "0 0 0 1px #fff, inset 0 0 0 1px #fff",
    },
  );
}

/** Puts the outline around a window of a map (1-D windows on its one row); records it on `root` for tests and tools. */
export function outlineWindow(root: HTMLElement, outline: HTMLElement, window: Window | null, cell: number): void {
  if (!window) {
    outline.style.display = "none";
    root.removeAttribute("data-highlight");
    return;
  }
  const [rows, cols] = window.length === 2 ? window : [[0, 0] as [number, number], window[0]];
  Object.assign(outline.style, {
    display: "block",
    left: `${cols[0] * cell}px`,
    top: `${rows[0] * cell}px`,
    width: `${(cols[1] - cols[0] + 1) * cell}px`,
    height: `${(rows[1] - rows[0] + 1) * cell}px`,
  });
  root.dataset.highlight = window.map(([a, b]) => `${a}-${b}`).join(",");
}

/** Pixels per value so a map is about `target` pixels on its longer side (2 to 16). */
export function cellSize(rows: number, cols: number, target: number, largest = 16): number {
  return Math.max(2, Math.min(largest, Math.floor(target / Math.max(rows, cols))));
}
