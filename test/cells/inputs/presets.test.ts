import { describe, expect, it } from "vitest";
import { presetKernel, presetsFor } from "../../../cells/inputs/presets.ts";
import { getOp } from "../../../kernel/tensor/ops/index.ts";
import { randn } from "../../../kernel/tensor/random.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";

describe("presetKernel", () => {
  it("identity: a 'same'-padded conv with it copies its input", () => {
    const x = randn([1, 1, 7, 7], { seed: 3 });
    const y = getOp("conv2d").forward({ x, weight: tensor(presetKernel("identity", 5, 5), [1, 1, 5, 5]) }, { padding: 2 }).output;
    expect(Array.from(y.data)).toEqual(Array.from(x.data));
  });

  it("blur averages: its weights sum to 1 and are equal", () => {
    const k = presetKernel("blur", 3, 3);
    expect(k.reduce((a, b) => a + b)).toBeCloseTo(1, 6);
    expect(new Set(k).size).toBe(1);
  });

  it("are named by what they find: vertical edges respond to a left-to-right step (and not to a flat input), horizontal edges to a top-to-bottom step", () => {
    const flat = tensor(new Array(25).fill(1), [1, 1, 5, 5]);
    const leftRight = tensor(
      Array.from({ length: 25 }, (_, i) => (i % 5 >= 2 ? 1 : 0)),
      [1, 1, 5, 5],
    );
    const topBottom = tensor(
      Array.from({ length: 25 }, (_, i) => (i >= 10 ? 1 : 0)),
      [1, 1, 5, 5],
    );
    const conv = (x: ReturnType<typeof tensor>, preset: "vertical edges" | "horizontal edges") =>
      getOp("conv2d").forward({ x, weight: tensor(presetKernel(preset, 3, 3), [1, 1, 3, 3]) }, {}).output.data;
    expect(Array.from(conv(flat, "vertical edges"))).toEqual(new Array(9).fill(0));
    expect(Math.max(...conv(leftRight, "vertical edges"))).toBeGreaterThan(0);
    expect(Array.from(conv(leftRight, "horizontal edges"))).toEqual(new Array(9).fill(0));
    expect(Math.max(...conv(topBottom, "horizontal edges"))).toBeGreaterThan(0);
    expect(Array.from(conv(topBottom, "vertical edges"))).toEqual(new Array(9).fill(0));
    // The lecture's example: rows -1, 0, +1 find horizontal edges.
    expect(Array.from(presetKernel("horizontal edges", 3, 3))).toEqual([-1, -2, -1, 0, 0, 0, 1, 2, 1]);
  });

  it("makes 1-D kernels too (one row)", () => {
    expect(Array.from(presetKernel("step", 1, 3))).toEqual([-1, 0, 1]);
    expect(presetsFor(1)).toEqual(["step", "blur", "identity"]);
    expect(presetsFor(3)).toEqual(["vertical edges", "horizontal edges", "blur", "identity"]);
  });
});
