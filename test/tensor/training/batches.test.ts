import { describe, expect, it } from "vitest";
import { batchesOf, correct, rows, shuffled } from "../../../kernel/tensor/training/batches.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";

describe("shuffled", () => {
  it("is a permutation, the same for the same seed and different for another", () => {
    const a = shuffled(50, 3);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(shuffled(50, 3)).toEqual(a);
    expect(shuffled(50, 4)).not.toEqual(a);
  });
});

describe("rows, batchesOf and correct", () => {
  it("rows picks rows along the first axis", () => {
    const t = tensor([1, 2, 3, 4, 5, 6], [3, 2]);
    expect(rows(t, [2, 0])).toEqual({ shape: [2, 2], data: Float32Array.from([5, 6, 1, 2]) });
  });

  it("batchesOf splits an order, the last batch smaller; a batch size below 1 is an error", () => {
    expect(batchesOf([4, 1, 3, 0, 2], 2)).toEqual([[4, 1], [3, 0], [2]]);
    expect(() => batchesOf([1], 0)).toThrow("train: expected a batch size of 1 or more, got 0");
  });

  it("correct counts the rows whose largest score is the target", () => {
    expect(correct(tensor([0.1, 0.9, 0.8, 0.2, 0.3, 0.7], [3, 2]), tensor([1, 0, 0], [3]))).toBe(2);
  });
});
