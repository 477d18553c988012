import { seededRandom } from "../../kernel/tensor/random.ts";
import { PATTERN_FRAMES, patternEnergy, recording } from "../inputs/recordings.ts";

/** A labelled set: inputs [N, ...] flat, labels [N] (1: the pattern is there, 0: it is not). */
export interface LabelledSet {
  x: Float32Array;
  y: Float32Array;
  shape: number[];
  at: Int32Array;
}

/**
 * Images of noise, half of them with a target pattern (a small plus sign) at a random place:
 * the 2-D task a scanning network solves wherever the pattern is. `at` is the pattern's
 * top-left corner (row · size + col), or -1.
 */
export function patternImages(options: { n?: number; size?: number; seed?: number; noise?: number } = {}): LabelledSet {
  const { n = 256, size = 16, seed = 0, noise = 0.3 } = options;
  if (size < 5) throw new Error(`patternImages: expected a size of 5 or more, got ${size}`);
  const random = seededRandom(seed);
  const x = new Float32Array(n * size * size),
    y = new Float32Array(n),
    at = new Int32Array(n).fill(-1);
  const plus: Array<[number, number]> = [
    [0, 1],
    [1, 0],
    [1, 1],
    [1, 2],
    [2, 1],
  ];
  for (let i = 0; i < n; i++) {
    const base = i * size * size;
    for (let k = 0; k < size * size; k++) x[base + k] = noise * random();
    if (random() < 0.5) {
      y[i] = 1;
      const r = Math.floor(random() * (size - 2)),
        c = Math.floor(random() * (size - 2));
      at[i] = r * size + c;
      for (const [dr, dc] of plus) x[base + (r + dr) * size + c + dc] += 1;
    }
  }
  return { x, y, shape: [n, 1, size, size], at };
}

/**
 * Recordings (channels × frames) of background noise, half with the target "word" at a random
 * time: the 1-D task of the time-delay network. `at` is the pattern's first frame, or -1.
 */
export function patternRecordings(options: { n?: number; channels?: number; frames?: number; seed?: number } = {}): LabelledSet {
  const { n = 256, channels = 16, frames = 64, seed = 0 } = options;
  const random = seededRandom(seed);
  const size = channels * frames;
  const x = new Float32Array(n * size),
    y = new Float32Array(n),
    at = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const withPattern = random() < 0.5;
    const start = withPattern ? Math.floor(random() * (frames - PATTERN_FRAMES + 1)) : null;
    const r = recording({ channels, frames, patternAt: start, seed: Math.floor(random() * 2 ** 31) });
    x.set(r.data, i * size);
    y[i] = withPattern ? 1 : 0;
    if (start !== null) at[i] = start;
  }
  return { x, y, shape: [n, channels, frames], at };
}

export { patternEnergy };
