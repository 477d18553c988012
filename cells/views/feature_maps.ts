import { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { formatShape, type Tensor } from "../../kernel/tensor/tensor.ts";
import { describe } from "../arguments.ts";
import { element, figure, plural } from "./figure.ts";
import { legendOf, lineMap } from "./heatmap.ts";
import { cellSize, mapTile } from "./map_grid.ts";
import { channelMaps, filterMaps, mapColors } from "./maps.ts";
import { nameOf, titleOf } from "./naming.ts";

export interface MapsOptions {
  /** Which sample of the batch (default 0). */
  sample?: number;
  /** One colour scale for all maps (default), or one per map. */
  shared?: boolean;
  /** Force a diverging (true) or sequential (false) scale; by default diverging when any value is negative. */
  signed?: boolean;
  /** About how many pixels a map's longer side takes (default: 200 for one map, 120 for several). */
  size?: number;
  /** 1-D maps: a strip of colour (default) or a line. */
  kind?: "strip" | "line";
  /** Caption; default: the layer's name, op and shape. */
  title?: string;
}

async function tensorOf(value: unknown, who: string): Promise<{ tensor: Tensor; layer?: LayerValue }> {
  if (value instanceof LayerValue) return { tensor: await value.read(), layer: value };
  const t = value as Tensor;
  if (t && Array.isArray(t.shape) && ArrayBuffer.isView(t.data)) return { tensor: t };
  throw new Error(`${who}: expected a layer value (a tensor of the notebook), got ${describe(value)}`);
}

function captionOf(layer: LayerValue | undefined, tensor: Tensor, extra: string): string {
  return `${layer ? titleOf(layer, tensor.shape) : formatShape(tensor.shape)}${extra}`;
}

/**
 * The feature maps of a layer: one heatmap per channel (of one sample), on a shared or
 * per-map colour scale, diverging for signed values; 1-D maps as strips or lines. Pointing at
 * a unit outlines what it sees in the linked maps of earlier layers.
 */
export async function featureMaps(value: unknown, options: MapsOptions = {}): Promise<HTMLElement> {
  const { tensor, layer } = await tensorOf(value, "featureMaps");
  const maps = channelMaps(tensor, options.sample ?? 0);
  const colors = mapColors(maps, options);
  const shared = options.shared ?? true;
  const caption = options.title ?? captionOf(layer, tensor, ` · ${shared ? "shared" : "per-map"} scale`);
  const { figure: root, body } = figure("feature-maps", caption, `feature maps of ${layer ? nameOf(layer) : "a tensor"}, ${maps.length} channel${maps.length === 1 ? "" : "s"}`);
  if (layer) root.dataset.layer = layer.label;
  const readout = element("div", { class: "readout", "aria-live": "polite" }, { font: "12px ui-monospace, monospace", minHeight: "1.2em" });
  const target = options.size ?? (maps.length === 1 ? 200 : 120);
  for (const [i, map] of maps.entries()) {
    const title = maps.length === 1 && tensor.shape.length === 2 ? "features" : `ch ${map.channel}`;
    if (map.rows === 1 && options.kind === "line") {
      const tile = body.appendChild(element("div", { class: "map", "data-channel": String(map.channel) }));
      Object.assign(tile.appendChild(element("div", {}, { font: "11px system-ui, sans-serif", color: "var(--muted, #5b6270)" })), { textContent: title });
      tile.append(lineMap(map, Math.max(240, target * 2), 80));
      continue;
    }
    const cell = map.rows === 1 ? Math.max(2, Math.min(16, Math.floor((target * 2) / map.cols))) : cellSize(map.rows, map.cols, target);
    body.append(mapTile({ map, color: colors[i], title }, cell, layer, readout));
  }
  if (shared) root.append(legendOf(colors[0], layer ? nameOf(layer) : "value"));
  root.append(readout);
  return root;
}

/**
 * The gradient of a loss with respect to a layer's map, on a diverging scale centred on 0
 * (for a filter's gradient, `filters(grad(loss, w))` draws it filter by filter).
 */
export function gradientMaps(value: unknown, options: MapsOptions = {}): Promise<HTMLElement> {
  return featureMaps(value, { ...options, signed: true });
}

/** The filters of a conv layer's weight [Cout, Cin, kH, kW]: a row of maps per output channel, on one diverging scale. */
export async function filters(value: unknown, options: Omit<MapsOptions, "sample" | "kind"> = {}): Promise<HTMLElement> {
  const { tensor, layer } = await tensorOf(value, "filters");
  const maps = filterMaps(tensor);
  const colors = mapColors(maps, { shared: options.shared ?? true, signed: options.signed ?? true });
  const [cout, cin] = tensor.shape;
  const oneD = tensor.shape.length === 3;
  const caption =
    options.title ??
    captionOf(
      layer,
      tensor,
      oneD ? ` · ${plural(cout, "filter")} of ${plural(cin, "input channel")} × ${plural(tensor.shape[2], "tap")}` : ` · ${plural(cout, "filter")} × ${plural(cin, "input channel")}`,
    );
  const { figure: root, body } = figure("filters", caption, `filters of ${layer ? nameOf(layer) : "a weight"}: ${cout} × ${cin}`);
  body.style.flexDirection = "column";
  const readout = element("div", { class: "readout", "aria-live": "polite" }, { font: "12px ui-monospace, monospace", minHeight: "1.2em" });
  // A 1-D filter holds every input channel: a larger tile, so its cells stay readable.
  const cell = cellSize(maps[0].rows, maps[0].cols, options.size ?? (oneD ? 128 : 64));
  if (oneD) {
    // One tile per filter (channels down, taps across), wrapping within the column.
    const row = body.appendChild(element("div", { class: "filter-row" }, { display: "flex", gap: "6px", flexWrap: "wrap" }));
    for (const map of maps) row.append(mapTile({ map, color: colors[map.out], title: `filter ${map.out}` }, cell, undefined, readout));
    root.append(legendOf(colors[0], layer ? nameOf(layer) : "weight"), readout);
    return root;
  }
  // One input channel: the filters side by side, wrapping; several: a row of channels per filter.
  const oneRow = cin === 1 ? body.appendChild(element("div", { class: "filter-row" }, { display: "flex", gap: "6px", flexWrap: "wrap" })) : undefined;
  for (let o = 0; o < cout; o++) {
    const row = oneRow ?? body.appendChild(element("div", { class: "filter-row" }, { display: "flex", gap: "6px", flexWrap: "wrap" }));
    for (let i = 0; i < cin; i++) {
      const k = o * cin + i;
      row.append(mapTile({ map: maps[k], color: colors[k], title: cin > 1 ? `${o}·${i}` : `filter ${o}` }, cell, undefined, readout));
    }
  }
  root.append(legendOf(colors[0], layer ? nameOf(layer) : "weight"), readout);
  return root;
}
