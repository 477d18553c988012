import { describe, expect, it } from "vitest";
import { fft, melEdges, spectrogram } from "../../../cells/inputs/spectrogram.ts";
import { readWav } from "../../../cells/inputs/wav.ts";
import { sine, wav16 } from "../../helpers/wav.ts";

describe("readWav", () => {
  it("reads 16-bit PCM, averaging channels", () => {
    const audio = readWav(wav16([0.5, -0.5, 0.25, 0.25], 8000, 2));
    expect(audio.rate).toBe(8000);
    expect(Array.from(audio.samples).map((x) => Math.round(x * 1000) / 1000)).toEqual([0, 0.25]);
  });

  it("throws on a file that is not a WAV, and on a format it does not read", () => {
    expect(() => readWav(new TextEncoder().encode("hello world, not audio").buffer)).toThrow("readWav: not a WAV file (no RIFF/WAVE header)");
    const mulaw = wav16([0, 0], 8000);
    new DataView(mulaw).setUint16(20, 7, true);
    expect(() => readWav(mulaw)).toThrow("readWav: unsupported sample format (code 7, 16 bits, 1 channels)");
  });
});

describe("fft", () => {
  it("matches the direct DFT of a small signal", () => {
    const x = [1, 2, 0, -1, 3, 0.5, -2, 1];
    const re = Float64Array.from(x),
      im = new Float64Array(8);
    fft(re, im);
    for (let k = 0; k < 8; k++) {
      const dft = x.reduce(([r, i], v, n) => [r + v * Math.cos((-2 * Math.PI * k * n) / 8), i + v * Math.sin((-2 * Math.PI * k * n) / 8)], [0, 0]);
      expect(re[k]).toBeCloseTo(dft[0], 9);
      expect(im[k]).toBeCloseTo(dft[1], 9);
    }
  });
});

describe("spectrogram", () => {
  it("puts a pure tone's energy in the mel band around its frequency, in 10 ms frames", () => {
    const rate = 16000,
      bands = 16;
    const s = spectrogram(readWav(wav16(sine(1000, rate, 1), rate)), bands);
    expect(s.frames).toBe(1 + Math.floor((rate - 400) / 160));
    const edges = melEdges(bands, rate / 2);
    const loudest = Array.from({ length: bands }, (_, b) => s.data[b * s.frames + 50]).reduce((best, v, b, all) => (v > all[best] ? b : best), 0);
    expect(edges[loudest]).toBeLessThan(1000);
    expect(edges[loudest + 2]).toBeGreaterThan(1000);
    expect(Math.min(...s.data)).toBe(0);
    expect(Math.max(...s.data)).toBe(1);
  });

  it("throws on a recording shorter than one window", () => {
    expect(() => spectrogram({ rate: 16000, samples: new Float32Array(100) })).toThrow("signalInput: the recording is shorter than one 25 ms window");
  });
});
