/**
 * Filter presets for a k×k (or 1-D k) kernel, as row-major values, named by what they find.
 * Vertical edges: columns from negative (left) to positive (right), a Sobel-like ramp, so the
 * response is high where the image gets brighter from left to right, i.e. along a vertical
 * edge; horizontal edges: rows from negative (top) to positive (bottom); a step (1-D): -1 … +1
 * along time; blur: an even box; identity: 1 at the centre (k odd) so the conv copies its input.
 */
export const PRESETS = ["vertical edges", "horizontal edges", "step", "blur", "identity"] as const;
export type Preset = (typeof PRESETS)[number];

/** The presets that make sense for a kernel of this many rows: a 1-D kernel has no horizontal edges. */
export function presetsFor(rows: number): Preset[] {
  return rows > 1 ? ["vertical edges", "horizontal edges", "blur", "identity"] : ["step", "blur", "identity"];
}

export function presetKernel(preset: Preset, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  const cr = (rows - 1) / 2,
    cc = (cols - 1) / 2;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // Weight the centre rows more, as Sobel does, so the edge response is smooth.
      const rowWeight = rows > 1 ? 1 + (cr - Math.abs(r - cr) >= cr ? 1 : 0) : 1;
      const colWeight = cols > 1 ? 1 + (cc - Math.abs(c - cc) >= cc ? 1 : 0) : 1;
      switch (preset) {
        case "vertical edges":
        case "step":
          out[r * cols + c] = Math.sign(c - cc) * rowWeight;
          break;
        case "horizontal edges":
          out[r * cols + c] = Math.sign(r - cr) * colWeight;
          break;
        case "blur":
          out[r * cols + c] = 1 / (rows * cols);
          break;
        case "identity":
          out[r * cols + c] = r === Math.floor(rows / 2) && c === Math.floor(cols / 2) ? 1 : 0;
          break;
      }
    }
  }
  return out;
}
