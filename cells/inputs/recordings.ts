import { seededRandom } from "../../kernel/tensor/random.ts";

/**
 * Synthetic recordings for the word-spotting notebooks: a spectrogram-like channels × time
 * array of background noise, with or without a target pattern (a fixed "word" made of two
 * formant-like bands that rise and fall) placed at a chosen time.
 */
export const PATTERN_FRAMES = 24;

export interface Recording {
  channels: number;
  frames: number;
  /** [channels, frames], row-major, values in about [0, 1.3]. */
  data: Float32Array;
  /** Frame where the pattern starts, or null when there is none. */
  patternAt: number | null;
}

/** The pattern's energy at channel c, frame t of the pattern (0 ≤ t < PATTERN_FRAMES). */
export function patternEnergy(c: number, t: number, channels: number): number {
  const phase = t / (PATTERN_FRAMES - 1);
  const low = channels * (0.2 + 0.25 * Math.sin(Math.PI * phase)); // rises then falls
  const high = channels * (0.75 - 0.2 * phase); // falls slowly
  const band = (centre: number) => Math.exp(-((c - centre) ** 2) / 2);
  return Math.min(1, band(low) + 0.7 * band(high));
}

export function recording(options: { channels?: number; frames?: number; patternAt?: number | null; seed?: number } = {}): Recording {
  const { channels = 16, frames = 128, seed = 0 } = options;
  const patternAt = options.patternAt ?? null;
  if (patternAt !== null && (patternAt < 0 || patternAt + PATTERN_FRAMES > frames)) {
    throw new Error(`signalInput: a pattern at frame ${patternAt} does not fit in ${frames} frames (it lasts ${PATTERN_FRAMES})`);
  }
  const random = seededRandom(seed);
  const data = new Float32Array(channels * frames);
  for (let c = 0; c < channels; c++) {
    let smooth = 0;
    for (let t = 0; t < frames; t++) {
      smooth = 0.6 * smooth + 0.4 * random(); // noise that is correlated in time, like a room's hum
      data[c * frames + t] = 0.3 * smooth;
    }
  }
  if (patternAt !== null) {
    for (let c = 0; c < channels; c++) {
      for (let t = 0; t < PATTERN_FRAMES; t++) data[c * frames + patternAt + t] += patternEnergy(c, t, channels);
    }
  }
  return { channels, frames, data, patternAt };
}

/** The bundled recordings, by name. */
export function sampleRecording(name: string, channels: number, frames: number): Recording {
  switch (name) {
    case "with pattern (early)":
      return recording({ channels, frames, patternAt: Math.min(16, frames - PATTERN_FRAMES), seed: 1 });
    case "with pattern (late)":
      return recording({ channels, frames, patternAt: frames - PATTERN_FRAMES - 12, seed: 2 });
    case "without pattern":
      return recording({ channels, frames, patternAt: null, seed: 3 });
    default:
      throw new Error(`signalInput: no recording "${name}"; the recordings are ${RECORDING_NAMES.join(", ")}`);
  }
}

export const RECORDING_NAMES = ["with pattern (early)", "with pattern (late)", "without pattern"] as const;
