import * as Plot from "@observablehq/plot";
import { formatValue, hasCanvas } from "./figure.ts";
import type { ChannelMap, MapColor } from "./maps.ts";
import { rasterImage } from "./raster.ts";

/** A map's values as cells of the grid, for Plot.rect. */
function gridCells(map: ChannelMap): Array<{ row: number; col: number; value: number }> {
  return Array.from(map.values, (value, i) => ({ row: Math.floor(i / map.cols), col: i % map.cols, value }));
}

/**
 * One map, row 0 at the top, exactly `cell` pixels per value and no margins, so a pointer
 * position divides into a unit. In a browser a small PNG image (see raster.ts: cheap to redraw
 * while a weight is dragged); headless, where there is no canvas, Plot draws a rect per value,
 * which is also what an SVG file or a static report keeps.
 */
export function heatmap(map: ChannelMap, color: MapColor, cell: number, cellHeight = cell): SVGSVGElement | HTMLElement {
  if (hasCanvas()) return rasterImage(map, color, cell, cellHeight);
  return Plot.plot({
    width: map.cols * cell,
    height: map.rows * cellHeight,
    margin: 0,
    x: { domain: [0, map.cols], axis: null },
    y: { domain: [0, map.rows], axis: null, reverse: true },
    color,
    marks: [Plot.rect(gridCells(map), { x1: "col", x2: (d) => d.col + 1, y1: "row", y2: (d) => d.row + 1, fill: "value" })],
  });
}

/** A 1-D map as a line: position against value, with a zero rule when values change sign. */
export function lineMap(map: ChannelMap, width: number, height: number): SVGSVGElement | HTMLElement {
  const points = Array.from(map.values, (v, i) => [i, v] as const);
  return Plot.plot({
    width,
    height,
    marginLeft: 36,
    marginBottom: 20,
    x: { label: null },
    y: { label: null, grid: true },
    marks: [...(map.min < 0 ? [Plot.ruleY([0])] : []), Plot.line(points, { x: "0", y: "1", stroke: "#1f5fa8" })],
  });
}

/**
 * A colour legend for a scale, as an SVG strip with an axis. Plot's own ramp legend paints
 * a canvas, which headless runs and exported reports do not have.
 */
export function legendOf(color: MapColor, label: string): SVGSVGElement | HTMLElement {
  const [lo, hi] = color.domain;
  const { constant, ...scale } = color;
  const steps = 64;
  const segments = Array.from({ length: steps }, (_, i) => ({ x1: lo + ((hi - lo) * i) / steps, x2: lo + ((hi - lo) * (i + 1)) / steps }));
  return Plot.plot({
    width: 240,
    height: 54,
    marginTop: 4,
    // The label goes under the tick labels, centred: at the end of the axis it covered the last tick.
    marginBottom: 36,
    marginLeft: 10,
    marginRight: 10,
    // A constant map has one value to label; tiny or huge ranges read as 1.2e-18, not "0.000".
    x:
      constant !== undefined
        ? { domain: [lo, hi], label: `${label}: every value ${formatValue(constant)}`, labelAnchor: "center", labelOffset: 32, ticks: [constant], tickFormat: formatValue }
        : {
            domain: [lo, hi],
            label,
            labelAnchor: "center",
            labelOffset: 32,
            ticks: 4,
            ...(hi - lo < 1e-3 || Math.max(Math.abs(lo), Math.abs(hi)) >= 1e5 ? { tickFormat: (d: number) => (d === 0 ? "0" : d.toExponential(1)) } : {}),
          },
    y: { axis: null },
    color: scale,
    marks: [Plot.rect(segments, { x1: "x1", x2: "x2", y1: 0, y2: 1, fill: (d) => (d.x1 + d.x2) / 2 })],
  });
}
