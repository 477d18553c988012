import { describe, expect, it } from "vitest";
import { erf } from "../../../kernel/tensor/erf.ts";
import { ops } from "../../../kernel/tensor/ops/index.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

const apply = (name: keyof typeof ops, values: number[], options: Record<string, unknown> = {}): number[] =>
  Array.from((ops[name].forward as (i: object, o: object) => { output: { data: ArrayLike<number> } })({ x: tensor(values, [values.length], "float64") }, options).output.data);

describe("erf", () => {
  it("matches reference values to about 1e-15, odd, ±1 far out, NaN through", () => {
    // Values of erf from the standard tables (computed to 16 digits).
    const table: Array<[number, number]> = [
      [0, 0],
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [1.5, 0.9661051464753108],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
      [4, 0.9999999845827421],
    ];
    for (const [x, want] of table) {
      expect(Math.abs(erf(x) - want), `erf(${x})`).toBeLessThan(2e-15);
      expect(erf(-x)).toBe(-erf(x));
    }
    expect(erf(7)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erf(Number.NaN)).toBeNaN();
  });
});

describe("the smooth activations: leaky_relu, elu, gelu, silu, softplus, hardtanh", () => {
  it("give PyTorch's values, its defaults included", () => {
    const close = (got: number[], want: number[]) => got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 14));
    close(apply("leaky_relu", [-2, 0, 3]), [-0.02, 0, 3]);
    close(apply("leaky_relu", [-2], { negativeSlope: 0.2 }), [-0.4]);
    close(apply("elu", [-1, 2]), [Math.exp(-1) - 1, 2]);
    close(apply("elu", [-1], { alpha: 0.5 }), [0.5 * (Math.exp(-1) - 1)]);
    // torch.nn.functional.gelu(torch.tensor(1.0, dtype=torch.float64)) and with approximate="tanh"
    close(apply("gelu", [1, -1]), [0.8413447460685429, -0.15865525393145707]);
    close(apply("gelu", [1], { approximate: "tanh" }), [0.8411919906082768]);
    close(apply("silu", [1, -2]), [0.7310585786300049, -0.23840584404423515]);
    close(apply("softplus", [1, 0, 30]), [1.3132616875182228, Math.LN2, 30]);
    close(apply("softplus", [1], { beta: 2 }), [Math.log1p(Math.exp(2)) / 2]);
    close(apply("hardtanh", [-3, 0.5, 3]), [-1, 0.5, 1]);
    close(apply("hardtanh", [-3, 3], { minVal: -2, maxVal: 2 }), [-2, 2]);
    for (const name of ["leaky_relu", "elu", "gelu", "silu", "softplus", "hardtanh"] as const) expect(apply(name, [Number.NaN])[0], name).toBeNaN();
  });

  const cases: Array<[keyof typeof ops, Record<string, unknown>]> = [
    ["leaky_relu", {}],
    ["leaky_relu", { negativeSlope: 0.3 }],
    ["elu", {}],
    ["elu", { alpha: 0.7 }],
    ["gelu", {}],
    ["gelu", { approximate: "tanh" }],
    ["silu", {}],
    ["softplus", {}],
    ["softplus", { beta: 2, threshold: 1 }],
    ["hardtanh", {}],
    ["hardtanh", { minVal: -0.5, maxVal: 0.8 }],
  ];
  for (const [name, options] of cases) {
    it(`${name} ${JSON.stringify(options)}: backward matches finite differences`, () => gradcheck(ops[name], randomInputs({ x: [4, 9] }, 70), options));
  }

  it("refuse bad options naming the op, the layer and what was expected", () => {
    const x = tensor([1, 2], [2]);
    const run = (name: keyof typeof ops, options: Record<string, unknown>) => () => ops[name].forward({ x }, { name: "act", ...options } as never);
    expect(run("leaky_relu", { negativeSlope: "0.1" })).toThrow('leaky_relu "act": negativeSlope must be a finite number, got "0.1"');
    expect(run("elu", { alpha: Number.NaN })).toThrow('elu "act": alpha must be a finite number, got NaN');
    expect(run("gelu", { approximate: "erf" })).toThrow('gelu "act": approximate must be "none" or "tanh", got "erf"');
    expect(run("softplus", { beta: 0 })).toThrow('softplus "act": beta must not be 0 (softplus divides by it)');
    expect(run("hardtanh", { minVal: 1, maxVal: -1 })).toThrow('hardtanh "act": minVal (1) must not be above maxVal (-1)');
    expect(run("silu", { slope: 1 })).toThrow('silu "act": unknown option "slope" (it takes only name)');
  });
});
