/**
 * Bundled sample images, drawn here from strokes (no data files): digit-like shapes in the
 * MNIST style (white strokes on black, values in [0, 1]) and the lecture's 5 × 5 binary image.
 */
type Stroke = Array<[number, number]>; // points in a unit square, x right, y down

const DIGITS: Record<string, Stroke[]> = {
  seven: [
    [
      [0.25, 0.22],
      [0.75, 0.22],
      [0.45, 0.8],
    ],
  ],
  one: [
    [
      [0.42, 0.3],
      [0.52, 0.2],
      [0.52, 0.8],
    ],
  ],
  zero: [
    [
      [0.5, 0.2],
      [0.68, 0.3],
      [0.72, 0.5],
      [0.68, 0.7],
      [0.5, 0.8],
      [0.32, 0.7],
      [0.28, 0.5],
      [0.32, 0.3],
      [0.5, 0.2],
    ],
  ],
  four: [
    [
      [0.6, 0.8],
      [0.6, 0.2],
      [0.25, 0.62],
      [0.75, 0.62],
    ],
  ],
  cross: [
    [
      [0.25, 0.25],
      [0.75, 0.75],
    ],
    [
      [0.75, 0.25],
      [0.25, 0.75],
    ],
  ],
  "vertical bar": [
    [
      [0.5, 0.2],
      [0.5, 0.8],
    ],
  ],
};

/** The lecture's example: a 5 × 5 binary image scanned with a 3 × 3 filter. */
export const LECTURE_IMAGE = [
  [1, 1, 1, 0, 0],
  [0, 1, 1, 1, 0],
  [0, 0, 1, 1, 1],
  [0, 0, 1, 1, 0],
  [0, 1, 1, 0, 0],
];

export const SAMPLE_NAMES = [...Object.keys(DIGITS), "lecture 5 × 5", "blank"] as const;

function distanceToSegment(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Strokes rasterised with a soft edge: 1 within `width` pixels of a stroke, fading over one pixel. */
export function rasterize(strokes: readonly Stroke[], size: number, width = size / 14): Float32Array {
  const out = new Float32Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      let d = Infinity;
      for (const stroke of strokes) {
        for (let i = 1; i < stroke.length; i++) {
          d = Math.min(d, distanceToSegment((c + 0.5) / size, (r + 0.5) / size, stroke[i - 1], stroke[i]) * size);
        }
      }
      out[r * size + c] = Math.max(0, Math.min(1, width + 0.5 - d));
    }
  }
  return out;
}

/** A sample by name: its pixels and its own size (the lecture image is always 5 × 5). */
export function sampleImage(name: string, size: number): { size: number; data: Float32Array } {
  if (name === "lecture 5 × 5") return { size: 5, data: Float32Array.from(LECTURE_IMAGE.flat()) };
  if (name === "blank") return { size, data: new Float32Array(size * size) };
  const strokes = DIGITS[name];
  if (!strokes) throw new Error(`imageInput: no sample "${name}"; the samples are ${SAMPLE_NAMES.join(", ")}`);
  return { size, data: rasterize(strokes, size) };
}

/** Adds a soft round dab of ink at (row, col) (drawing with the pointer), capped at 1. */
export function dab(data: Float32Array, size: number, row: number, col: number, radius = Math.max(1, size / 20)): void {
  for (let r = Math.floor(row - radius - 1); r <= row + radius + 1; r++) {
    for (let c = Math.floor(col - radius - 1); c <= col + radius + 1; c++) {
      if (r < 0 || c < 0 || r >= size || c >= size) continue;
      const ink = Math.max(0, Math.min(1, radius + 0.5 - Math.hypot(r + 0.5 - row, c + 0.5 - col)));
      data[r * size + c] = Math.min(1, data[r * size + c] + ink);
    }
  }
}

/** RGBA pixels (an uploaded picture drawn at size × size) to grey levels in [0, 1], ink bright on dark. */
export function toGrey(rgba: ArrayLike<number>, size: number): Float32Array {
  const grey = new Float32Array(size * size);
  let sum = 0;
  for (let i = 0; i < grey.length; i++) {
    const a = rgba[i * 4 + 3] / 255;
    // Transparent pixels count as background (white paper).
    grey[i] = ((0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]) / 255) * a + (1 - a);
    sum += grey[i];
  }
  // Dark ink on light paper (a photo of handwriting) is turned around to match the samples.
  if (sum / grey.length > 0.5) for (let i = 0; i < grey.length; i++) grey[i] = 1 - grey[i];
  return grey;
}
