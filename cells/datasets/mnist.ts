import { seededRandom } from "../../kernel/tensor/random.ts";
import { loadDigitPixels } from "./mnist_source.ts";

export interface DigitSet {
  /** [N, 1, 28, 28] pixels in [0, 1], and [N] labels 0–9. */
  x: Float32Array;
  y: Float32Array;
  count: number;
}

let cache: Promise<number[][]> | undefined;
let asked = 0;
const allDigits = () => {
  asked++;
  return (cache ??= Promise.all(Array.from({ length: 10 }, (_, d) => loadDigitPixels(d))));
};

/** How many times notebooks asked for the digits so far: an export embeds them in a live report when its notebook did. */
export function digitsAsked(): number {
  return asked;
}

/**
 * Training and held-out digits, disjoint: of each digit's samples, the first `1 - testShare`
 * train and the rest are held out; then each set is shuffled with the seed and cut to size.
 */
export async function mnistSplit(options: { train?: number; test?: number; testShare?: number; seed?: number } = {}): Promise<{ train: DigitSet; test: DigitSet }> {
  const { train = 8000, test = 2000, testShare = 0.2, seed = 0 } = options;
  const digits = await allDigits();
  const pick = (which: "train" | "test", want: number): DigitSet => {
    const samples: Array<[number, number]> = [];
    digits.forEach((pixels, d) => {
      const n = Math.floor(pixels.length / 784),
        cut = Math.floor(n * (1 - testShare));
      for (let i = which === "train" ? 0 : cut; i < (which === "train" ? cut : n); i++) samples.push([d, i]);
    });
    const random = seededRandom(seed + (which === "train" ? 0 : 1));
    for (let i = samples.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [samples[i], samples[j]] = [samples[j], samples[i]];
    }
    if (want > samples.length) throw new Error(`mnist: ${want} ${which} digits asked, ${samples.length} available`);
    const chosen = samples.slice(0, want);
    const x = new Float32Array(want * 784),
      y = new Float32Array(want);
    chosen.forEach(([d, i], k) => {
      x.set(digits[d].slice(i * 784, (i + 1) * 784), k * 784);
      y[k] = d;
    });
    return { x, y, count: want };
  };
  return { train: pick("train", train), test: pick("test", test) };
}
