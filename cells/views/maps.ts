import type { Data, Tensor } from "../../kernel/tensor/tensor.ts";

/** One channel of one sample, as a map: rows × cols values in row-major order (a 1-D map has one row). */
export interface ChannelMap {
  channel: number;
  rows: number;
  cols: number;
  values: Data;
  min: number;
  max: number;
}

function extent(values: Data): [number, number] {
  let min = Infinity,
    max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return values.length ? [min, max] : [0, 0];
}

/**
 * The maps of one sample of a layer's output: [N, C, H, W] → C maps of H × W, [N, C, L] → C
 * maps of 1 × L, [N, F] → one map of 1 × F. Views that show feature maps start here.
 */
export function channelMaps(t: Tensor, sample = 0, who = "featureMaps"): ChannelMap[] {
  const [n, c = 1, ...spatial] = t.shape;
  if (t.shape.length < 2 || t.shape.length > 4) {
    throw new Error(`${who}: expected a tensor [N, C, H, W], [N, C, L] or [N, F], got [${t.shape.join(", ")}]`);
  }
  if (!Number.isInteger(sample) || sample < 0 || sample >= n) throw new Error(`${who}: sample ${sample} is not in the batch of ${n}`);
  const rows = spatial.length === 2 ? spatial[0] : 1;
  const cols = spatial.length === 2 ? spatial[1] : spatial.length === 1 ? spatial[0] : 1;
  const flat = t.shape.length === 2;
  const channels = flat ? 1 : c;
  const size = flat ? c : rows * cols;
  const base = sample * channels * size;
  return Array.from({ length: channels }, (_, channel) => {
    const values = t.data.subarray(base + channel * size, base + (channel + 1) * size);
    const [min, max] = extent(values);
    return { channel, rows: flat ? 1 : rows, cols: flat ? c : cols, values, min, max };
  });
}

/**
 * The filters of a conv weight: for [Cout, Cin/g, kH, kW] one kH × kW map per (out, in) pair;
 * for a 1-D weight [Cout, Cin/g, K] one map per filter, its input channels as rows and its taps
 * as columns (a time-delay filter as the lecture draws it: 16 channels × 6 frames, not 16
 * strips). `in` is -1 for such a whole-filter map.
 */
export function filterMaps(weight: Tensor, who = "filters"): Array<ChannelMap & { out: number; in: number }> {
  if (weight.shape.length !== 3 && weight.shape.length !== 4) {
    throw new Error(`${who}: expected a conv weight [Cout, Cin, kH, kW] or [Cout, Cin, K], got [${weight.shape.join(", ")}]`);
  }
  if (weight.shape.length === 3) {
    const [cout, cin, taps] = weight.shape;
    return Array.from({ length: cout }, (_, o) => {
      const values = weight.data.subarray(o * cin * taps, (o + 1) * cin * taps);
      const [min, max] = extent(values);
      return { channel: o, out: o, in: -1, rows: cin, cols: taps, values, min, max };
    });
  }
  const [cout, cin, ...k] = weight.shape;
  const rows = k.length === 2 ? k[0] : 1,
    cols = k[k.length - 1];
  const size = rows * cols;
  const maps = [];
  for (let o = 0; o < cout; o++) {
    for (let i = 0; i < cin; i++) {
      const values = weight.data.subarray((o * cin + i) * size, (o * cin + i + 1) * size);
      const [min, max] = extent(values);
      maps.push({ channel: o * cin + i, out: o, in: i, rows, cols, values, min, max });
    }
  }
  return maps;
}

/** A colour scale for maps: diverging around 0 (symmetric) for signed values, sequential otherwise. */
export interface MapColor {
  type: "diverging" | "linear";
  scheme: "BuRd" | "Viridis";
  domain: [number, number];
  /** Every value the scale colours is this one (a map of zeros, a constant input): its legend says so. */
  constant?: number;
}

/**
 * The colour of a set of maps. Signed values (a gradient, a filter, a pre-activation) get a
 * blue–red scale centred on zero; non-negative ones (after ReLU, an image) a viridis ramp.
 * Both schemes are readable with the common colour-vision deficiencies. `shared`: one domain
 * for all maps (compare channels); otherwise each map its own (see the pattern in each).
 */
export function mapColors(maps: readonly ChannelMap[], options: { shared?: boolean; signed?: boolean } = {}): MapColor[] {
  const signed = options.signed ?? maps.some((m) => m.min < 0);
  const shared = options.shared ?? true;
  const all = { min: Math.min(...maps.map((m) => m.min)), max: Math.max(...maps.map((m) => m.max)) };
  return maps.map((m) => {
    const { min, max } = shared ? all : m;
    const constant = min === max ? { constant: min } : {};
    if (signed) {
      const bound = Math.max(Math.abs(min), Math.abs(max)) || 1;
      return { type: "diverging", scheme: "BuRd", domain: [-bound, bound], ...constant };
    }
    return { type: "linear", scheme: "Viridis", domain: min === max ? [min, min + 1] : [min, max], ...constant };
  });
}

/** The coordinates of flat index `p` in a row-major array of the given shape. */
export function unravel(p: number, shape: readonly number[]): number[] {
  const coords = shape.map(() => 0);
  let rest = p;
  for (let a = shape.length - 1; a >= 0; a--) {
    coords[a] = rest % shape[a];
    rest = Math.floor(rest / shape[a]);
  }
  return coords;
}
