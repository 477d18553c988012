import type { Audio } from "./wav.ts";

/** In-place radix-2 FFT of (re, im), length a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(angle * k),
          wi = Math.sin(angle * k);
        const a = i + k,
          b = a + len / 2;
        const xr = re[b] * wr - im[b] * wi,
          xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

const mel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
const hzOf = (m: number) => 700 * (10 ** (m / 2595) - 1);

/** The centre frequencies (Hz) of `bands` mel-spaced bands from 0 to `top` Hz, with their two edges. */
export function melEdges(bands: number, top: number): number[] {
  return Array.from({ length: bands + 2 }, (_, i) => hzOf((mel(top) * i) / (bands + 1)));
}

export interface Spectrogram {
  channels: number;
  frames: number;
  /** [channels, frames]: log band energies scaled to [0, 1]. */
  data: Float32Array;
}

/**
 * A log-mel spectrogram as the lecture's recordings are drawn: 25 ms Hann windows every 10 ms,
 * power spectrum by FFT, triangular mel bands, log energy scaled to [0, 1] over the recording.
 */
export function spectrogram(audio: Audio, bands = 16, options: { windowMs?: number; hopMs?: number; maxFrames?: number } = {}): Spectrogram {
  const { windowMs = 25, hopMs = 10, maxFrames = 512 } = options;
  const win = Math.round((audio.rate * windowMs) / 1000),
    hop = Math.round((audio.rate * hopMs) / 1000);
  if (audio.samples.length < win) throw new Error(`signalInput: the recording is shorter than one ${windowMs} ms window`);
  const frames = Math.min(maxFrames, 1 + Math.floor((audio.samples.length - win) / hop));
  let n = 1;
  while (n < win) n <<= 1;
  const edges = melEdges(bands, audio.rate / 2).map((hz) => (hz * n) / audio.rate); // in FFT bins
  const out = new Float32Array(bands * frames);
  const re = new Float64Array(n),
    im = new Float64Array(n);
  for (let f = 0; f < frames; f++) {
    re.fill(0);
    im.fill(0);
    for (let i = 0; i < win; i++) re[i] = audio.samples[f * hop + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (win - 1)));
    fft(re, im);
    for (let b = 0; b < bands; b++) {
      const [lo, mid, hi] = [edges[b], edges[b + 1], edges[b + 2]];
      let energy = 0;
      for (let k = Math.max(0, Math.floor(lo)); k <= Math.min(n / 2, Math.ceil(hi)); k++) {
        const weight = k < mid ? (k - lo) / (mid - lo || 1) : (hi - k) / (hi - mid || 1);
        if (weight > 0) energy += weight * (re[k] * re[k] + im[k] * im[k]);
      }
      out[b * frames + f] = Math.log(1e-10 + energy);
    }
  }
  let min = Infinity,
    max = -Infinity;
  for (const v of out) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  for (let i = 0; i < out.length; i++) out[i] = max > min ? (out[i] - min) / (max - min) : 0;
  return { channels: bands, frames, data: out };
}
