import * as Plot from "@observablehq/plot";
import type { ChannelMap, MapColor } from "./maps.ts";

/**
 * One map drawn by Plot as a raster (one image, not a rect per value: cheap to redraw while a
 * weight is dragged), row 0 at the top, exactly `cell` pixels per value and no margins, so a
 * pointer position divides into a unit.
 */
export function heatmap(map: ChannelMap, color: MapColor, cell: number, legend = false): SVGSVGElement | HTMLElement {
  return Plot.plot({
    width: map.cols * cell,
    height: map.rows * cell,
    margin: 0,
    x: { domain: [0, map.cols], axis: null },
    y: { domain: [0, map.rows], axis: null, reverse: true },
    color: { ...color, legend },
    marks: [
      Plot.raster(map.values, { width: map.cols, height: map.rows, x1: 0, y1: 0, x2: map.cols, y2: map.rows, imageRendering: "pixelated" }),
    ],
  });
}

/** A 1-D map as a line: position against value, with a zero rule when values change sign. */
export function lineMap(map: ChannelMap, width: number, height: number): SVGSVGElement | HTMLElement {
  const points = Array.from(map.values, (v, i) => [i, v] as const);
  return Plot.plot({
    width, height, marginLeft: 36, marginBottom: 20,
    x: { label: null }, y: { label: null, grid: true },
    marks: [...(map.min < 0 ? [Plot.ruleY([0])] : []), Plot.line(points, { x: "0", y: "1", stroke: "#1f5fa8" })],
  });
}

/** A colour legend for a scale, alone. */
export function legendOf(color: MapColor, label: string): SVGSVGElement | HTMLElement {
  return Plot.legend({ color: { ...color, label }, width: 240 });
}
