import * as Plot from "@observablehq/plot";
import type { ChannelMap, MapColor } from "./maps.ts";

/** Colours of a lookup table: enough steps that neighbouring entries are indistinguishable. */
const STEPS = 256;

/** Lookup tables by scheme: a table spans the scheme, so maps of any domain share it. */
const tables = new Map<string, Uint8ClampedArray>();

/**
 * The scheme's colours at STEPS evenly spaced positions from its low end to its high end, as
 * RGBA bytes (a diverging table has its pivot in the middle). Plot gives each colour as a CSS
 * string; a 1 × 1 canvas turns the strings into bytes, so any colour syntax Plot returns is
 * read the way the browser reads it.
 */
function lookupTable(color: MapColor): Uint8ClampedArray {
  const key = `${color.type} ${color.scheme}`;
  const cached = tables.get(key);
  if (cached) return cached;
  const domain: [number, number] = color.type === "diverging" ? [-1, 1] : [0, 1];
  const scale = Plot.scale({ color: { type: color.type, scheme: color.scheme, domain } });
  const context = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
  const table = new Uint8ClampedArray(STEPS * 4);
  for (let i = 0; i < STEPS; i++) {
    context.clearRect(0, 0, 1, 1);
    context.fillStyle = String(scale.apply(domain[0] + ((domain[1] - domain[0]) * i) / (STEPS - 1)));
    context.fillRect(0, 0, 1, 1);
    table.set(context.getImageData(0, 0, 1, 1).data, i * 4);
  }
  tables.set(key, table);
  return table;
}

/**
 * Where a value falls in its scale, from 0 (low end) to 1 (high end), clamped. A diverging
 * scale pivots at 0: each side of it is stretched to its half of the table, as Plot does.
 */
function position(color: MapColor): (v: number) => number {
  const [lo, hi] = color.domain;
  if (color.type === "diverging") return (v) => (v < 0 ? (lo < 0 ? 0.5 - (0.5 * v) / lo : 0.5) : hi > 0 ? 0.5 + (0.5 * v) / hi : 0.5);
  return hi > lo ? (v) => (v - lo) / (hi - lo) : () => 0;
}

/** A map's pixels (RGBA, row 0 at the top): a lookup in the scheme's table per value; NaN stays transparent. */
function mapPixels(map: ChannelMap, color: MapColor): Uint8ClampedArray<ArrayBuffer> {
  const table = lookupTable(color);
  const at = position(color);
  const pixels = new Uint8ClampedArray(new ArrayBuffer(map.values.length * 4));
  for (let i = 0; i < map.values.length; i++) {
    const v = map.values[i];
    if (Number.isNaN(v)) continue;
    const entry = Math.round(Math.min(1, Math.max(0, at(v))) * (STEPS - 1)) * 4;
    pixels[i * 4] = table[entry];
    pixels[i * 4 + 1] = table[entry + 1];
    pixels[i * 4 + 2] = table[entry + 2];
    pixels[i * 4 + 3] = 255;
  }
  return pixels;
}

/** The one canvas every map is painted on before it becomes a PNG. */
let scratch: CanvasRenderingContext2D | undefined;

/**
 * One map as an image of one pixel per value, stretched by CSS to `cell` pixels per value with
 * no smoothing; row 0 at the top; values outside the domain get its end colours. This is what
 * the maps redraw while a weight is dragged, so it does the least work that gives the picture.
 * An <img> holding a small PNG, not a <canvas> per map: every canvas on the page is a layer of
 * its own that the compositor copies on each frame, which costs more than the encoding (measured
 * while dragging a weight on lenet_live: the longest frames doubled with a canvas per map).
 */
export function rasterImage(map: ChannelMap, color: MapColor, cell: number, cellHeight = cell): HTMLImageElement {
  const img = document.createElement("img");
  scratch ??= document.createElement("canvas").getContext("2d")!;
  scratch.canvas.width = map.cols;
  scratch.canvas.height = map.rows;
  scratch.putImageData(new ImageData(mapPixels(map, color), map.cols, map.rows), 0, 0);
  img.src = scratch.canvas.toDataURL("image/png");
  img.alt = "";
  img.width = map.cols * cell;
  img.height = map.rows * cellHeight;
  Object.assign(img.style, { display: "block", imageRendering: "pixelated" });
  return img;
}
