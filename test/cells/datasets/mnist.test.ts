import { describe, expect, it } from "vitest";
import { mnistSplit } from "../../../cells/datasets/mnist.ts";

describe("mnistSplit", () => {
  it("gives disjoint training and held-out digits, 28 × 28 in [0, 1], every label present", async () => {
    const { train, test } = await mnistSplit({ train: 2000, test: 500, seed: 2 });
    expect(train.x.length).toBe(2000 * 784);
    expect(test.y.length).toBe(500);
    expect(Math.min(...train.x.subarray(0, 78400))).toBe(0);
    expect(Math.max(...train.x.subarray(0, 78400))).toBeLessThanOrEqual(1);
    expect(new Set(train.y)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const key = (x: Float32Array, i: number) => x.subarray(i * 784, (i + 1) * 784).join(",");
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => key(train.x, i)));
    const overlap = Array.from({ length: 500 }, (_, i) => key(test.x, i)).filter((k) => seen.has(k));
    expect(overlap).toEqual([]);
  });

  it("is the same for a seed, and says so when more digits are asked than there are", async () => {
    const a = await mnistSplit({ train: 10, test: 10, seed: 5 }),
      b = await mnistSplit({ train: 10, test: 10, seed: 5 });
    expect(Array.from(a.train.y)).toEqual(Array.from(b.train.y));
    await expect(mnistSplit({ train: 9000 })).rejects.toThrow(/^mnist: 9000 train digits asked, \d+ available$/);
  });
});
