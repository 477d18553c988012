import { describe, expect, it } from "vitest";
import { rand, randint, randn, seededRandom } from "../../kernel/tensor/random.ts";

describe("seededRandom", () => {
  it("repeats for a seed and differs between seeds", () => {
    const a = seededRandom(42),
      b = seededRandom(42),
      c = seededRandom(43);
    const xs = Array.from({ length: 5 }, a),
      ys = Array.from({ length: 5 }, b),
      zs = Array.from({ length: 5 }, c);
    expect(xs).toEqual(ys);
    expect(xs).not.toEqual(zs);
    expect(xs.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe("randn", () => {
  it("draws standard normal values, float32 unless asked", () => {
    const t = randn([100, 100], { seed: 3 });
    expect(t.data).toBeInstanceOf(Float32Array);
    const values = Array.from(t.data);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(randn([3], { seed: 3, dtype: "float64" }).data).toBeInstanceOf(Float64Array);
  });
});

describe("rand and randint", () => {
  it("stay in their ranges", () => {
    expect(Array.from(rand([1000], { seed: 1, low: -2, high: 3 }).data).every((v) => v >= -2 && v < 3)).toBe(true);
    const classes = Array.from(randint(10, [1000], { seed: 2 }).data);
    expect(classes.every((v) => Number.isInteger(v) && v >= 0 && v < 10)).toBe(true);
    expect(new Set(classes).size).toBe(10);
  });
});
