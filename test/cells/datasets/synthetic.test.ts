import { describe, expect, it } from "vitest";
import { patternImages, patternRecordings } from "../../../cells/datasets/synthetic.ts";
import { PATTERN_FRAMES } from "../../../cells/inputs/recordings.ts";

describe("patternImages", () => {
  it("puts a plus sign where `at` says in the examples labelled 1, and none in the others", () => {
    const set = patternImages({ n: 64, size: 10, seed: 3, noise: 0.3 });
    expect(set.shape).toEqual([64, 1, 10, 10]);
    for (let i = 0; i < 64; i++) {
      const img = set.x.subarray(i * 100, (i + 1) * 100);
      if (set.y[i] === 1) {
        const r = Math.floor(set.at[i] / 10),
          c = set.at[i] % 10;
        expect(img[(r + 1) * 10 + c + 1]).toBeGreaterThanOrEqual(1); // the centre of the plus
        expect(img[r * 10 + c]).toBeLessThan(0.3); // a corner of its box is background
      } else {
        expect(set.at[i]).toBe(-1);
        expect(Math.max(...img)).toBeLessThan(0.3);
      }
    }
    const ones = Array.from(set.y).filter((v) => v === 1).length;
    expect(ones).toBeGreaterThan(16);
    expect(ones).toBeLessThan(48);
  });

  it("is the same for a seed and places patterns all over", () => {
    expect(Array.from(patternImages({ n: 8, seed: 1 }).x)).toEqual(Array.from(patternImages({ n: 8, seed: 1 }).x));
    const at = patternImages({ n: 400, size: 12, seed: 2 }).at.filter((a) => a >= 0);
    expect(new Set(at).size).toBeGreaterThan(40);
    expect(() => patternImages({ size: 4 })).toThrow("patternImages: expected a size of 5 or more, got 4");
  });
});

describe("patternRecordings", () => {
  it("labels 1 exactly the recordings holding the word, at a random time that fits", () => {
    const set = patternRecordings({ n: 40, channels: 8, frames: 48, seed: 4 });
    expect(set.shape).toEqual([40, 8, 48]);
    for (let i = 0; i < 40; i++) {
      const rec = set.x.subarray(i * 384, (i + 1) * 384);
      if (set.y[i] === 1) {
        expect(set.at[i]).toBeGreaterThanOrEqual(0);
        expect(set.at[i] + PATTERN_FRAMES).toBeLessThanOrEqual(48);
        expect(Math.max(...rec)).toBeGreaterThan(0.5);
      } else {
        expect(Math.max(...rec)).toBeLessThanOrEqual(0.3);
      }
    }
  });
});
