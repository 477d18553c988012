import { describe, expect, it } from "vitest";
import { PATTERN_FRAMES, recording, sampleRecording } from "../../../cells/inputs/recordings.ts";

describe("recording", () => {
  it("is the same for the same seed, and holds the pattern only where it was placed", () => {
    const a = recording({ patternAt: 40, seed: 5 }),
      b = recording({ patternAt: 40, seed: 5 }),
      none = recording({ patternAt: null, seed: 5 });
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const diff = (t: number) => Array.from({ length: 16 }, (_, c) => a.data[c * 128 + t] - none.data[c * 128 + t]);
    expect(Math.max(...diff(39))).toBe(0);
    expect(Math.max(...diff(40 + PATTERN_FRAMES / 2))).toBeGreaterThan(0.5);
    expect(Math.max(...diff(40 + PATTERN_FRAMES))).toBe(0);
    expect(Math.max(...none.data)).toBeLessThanOrEqual(0.3);
  });

  it("names the bundled recordings and refuses a pattern that does not fit", () => {
    expect(sampleRecording("without pattern", 8, 64).patternAt).toBeNull();
    expect(sampleRecording("with pattern (late)", 8, 64).patternAt).toBe(64 - PATTERN_FRAMES - 12);
    expect(() => recording({ frames: 30, patternAt: 10 })).toThrow("signalInput: a pattern at frame 10 does not fit in 30 frames (it lasts 24)");
    expect(() => sampleRecording("hello", 8, 64)).toThrow(/no recording "hello"/);
  });
});
