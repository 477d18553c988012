import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runGoldenCase, type GoldenFile } from "../../kernel/tensor/golden.ts";

const file = JSON.parse(readFileSync(new URL("../fixtures/pytorch-cases.json", import.meta.url), "utf8")) as GoldenFile;

describe("golden cases from PyTorch (test/fixtures/pytorch-cases.json)", () => {
  it("holds all 186 cases", () => {
    expect(file.cases).toHaveLength(186);
  });
  for (const dtype of ["float32", "float64"] as const) {
    describe(dtype, () => {
      for (const c of file.cases) {
        it(`${c.op} ${c.id}`, () => {
          const result = runGoldenCase(c, dtype);
          expect(result.failures).toEqual([]);
          expect(result.passed).toBe(true);
        });
      }
    });
  }
});

// The second file (README-2.md): its cases of the ops the engine has so far; the rest
// (broadcasting, normalisation, graphs, optimizers, schedules) come with those ops.
const second = JSON.parse(readFileSync(new URL("../fixtures/pytorch-cases-2.json", import.meta.url), "utf8")) as GoldenFile;
const IMPLEMENTED = [
  "leaky_relu",
  "elu",
  "gelu",
  "silu",
  "softplus",
  "hardtanh",
  "add",
  "sub",
  "mul",
  "div",
  "matmul",
  "sum",
  "mean",
  "reshape",
  "permute",
  "transpose",
  "cat",
  "narrow",
  "pad",
  "adaptive_avg_pool1d",
  "adaptive_avg_pool2d",
  "adaptive_max_pool1d",
  "adaptive_max_pool2d",
  "interpolate",
  "cross_entropy",
  "nll_loss",
  "l1_loss",
  "smooth_l1_loss",
];

describe("golden cases, part 2 (test/fixtures/pytorch-cases-2.json): activations, arithmetic, shapes, resizing, losses", () => {
  const chosen = second.cases.filter((c) => IMPLEMENTED.includes(c.op));
  const batchNorm = second.cases.filter((c) => c.op === "batch_norm");
  it("holds three cases of each, and six of batch norm (training and evaluation, running statistics compared)", () => {
    expect(chosen).toHaveLength(3 * IMPLEMENTED.length);
    expect(batchNorm).toHaveLength(6);
    expect(batchNorm.every((c) => c.state?.running_mean && c.state.running_var)).toBe(true);
  });
  const cases = [...chosen, ...batchNorm];
  for (const dtype of ["float32", "float64"] as const) {
    describe(dtype, () => {
      for (const c of cases) {
        it(`${c.op} ${c.id}`, () => {
          expect(runGoldenCase(c, dtype).failures).toEqual([]);
        });
      }
    });
  }
});

describe("runGoldenCase", () => {
  const pick = (op: string) => structuredClone(file.cases.find((c) => c.op === op)!);

  it("fails a case whose expected output is off by more than the tolerance", () => {
    const c = pick("conv2d");
    c.output.data[3] += 1e-3 * Math.max(1, Math.abs(c.output.data[3]));
    const result = runGoldenCase(c);
    expect(result.passed).toBe(false);
    expect(result.failures[0]).toMatch(/^output: element 3 is/);
  });

  it("fails a case whose expected gradient is wrong", () => {
    const c = pick("network");
    c.grads!.w1.data[0] += 0.5;
    expect(runGoldenCase(c).failures).toEqual([expect.stringMatching(/^grad w1: element 0/)]);
  });

  it("fails a case with a wrong shape, an unknown op, or one the engine rejects", () => {
    const wrongShape = pick("relu");
    wrongShape.output.shape = [wrongShape.output.data.length];
    expect(runGoldenCase(wrongShape).failures[0]).toMatch(/^output: shape/);
    const unknown = { ...pick("relu"), op: "conv3d" };
    expect(runGoldenCase(unknown).failures).toEqual(['unknown op "conv3d"']);
    const rejected = pick("conv1d");
    rejected.params.stride = [0];
    expect(runGoldenCase(rejected).failures).toEqual(["error: conv1d: stride must be >= 1, got 0"]);
  });

  it("reads a flat list of class indices for [N, C, L] logits as [N, L]", () => {
    const c = pick("cross_entropy");
    const [N, C] = c.inputs.x.shape;
    // the same logits with a trailing length-1 axis: same loss, same gradient
    c.inputs.x.shape = [N, C, 1];
    c.upstream!.shape = [];
    c.grads!.x.shape = [N, C, 1];
    expect(runGoldenCase(c, "float64").failures).toEqual([]);
  });

  it("fails a NaN where a number is expected", () => {
    const c = pick("tanh");
    c.inputs.x.data[0] = NaN;
    expect(runGoldenCase(c).passed).toBe(false);
  });

  it("fails the scanning MLP case on both paths when its expected map is wrong", () => {
    const c = pick("scanning_mlp");
    c.output.data[0] += 1;
    expect(runGoldenCase(c).failures).toHaveLength(2);
  });
});
