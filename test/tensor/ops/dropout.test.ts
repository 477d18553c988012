import { describe, expect, it } from "vitest";
import { dropout } from "../../../kernel/tensor/ops/dropout.ts";
import { full, tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("dropout", () => {
  it("drops about p of the elements in training and scales the rest by 1 / (1 - p); evaluation passes x through", () => {
    const x = full([10000], 1, "float64");
    const kept = Array.from(dropout.forward({ x }, { training: true, p: 0.3, seed: 4 }).output.data);
    const zeros = kept.filter((v) => v === 0).length;
    expect(zeros / kept.length).toBeGreaterThan(0.27);
    expect(zeros / kept.length).toBeLessThan(0.33);
    expect(kept.filter((v) => v !== 0).every((v) => Math.abs(v - 1 / 0.7) < 1e-12)).toBe(true);
    // The same seed, the same mask; another seed, another.
    expect(Array.from(dropout.forward({ x }, { training: true, p: 0.3, seed: 4 }).output.data)).toEqual(kept);
    expect(Array.from(dropout.forward({ x }, { training: true, p: 0.3, seed: 5 }).output.data)).not.toEqual(kept);
    const y = tensor([1, -2, 3], [3], "float64");
    expect(Array.from(dropout.forward({ x: y }, {}).output.data)).toEqual([1, -2, 3]);
    expect(Array.from(dropout.forward({ x: y }, { training: true, p: 1 }).output.data).every((v) => v === 0)).toBe(true);
  });

  it("backward matches finite differences (the mask fixed by its seed), in training and evaluation", () => {
    gradcheck(dropout, randomInputs({ x: [4, 6] }, 140), { training: true, p: 0.4, seed: 9 });
    gradcheck(dropout, randomInputs({ x: [4, 6] }, 141), {});
  });

  it("refuses a p outside [0, 1] naming the layer", () => {
    expect(() => dropout.forward({ x: tensor([1], [1]) }, { name: "d", p: 1.5 })).toThrow('dropout "d": p must be a probability in [0, 1], got 1.5');
  });
});
