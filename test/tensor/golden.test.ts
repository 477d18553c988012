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

// The second file (README-2.md): modern blocks, whole graphs, optimizer trajectories, schedules.
const second = JSON.parse(readFileSync(new URL("../fixtures/pytorch-cases-2.json", import.meta.url), "utf8")) as GoldenFile;

describe("golden cases, part 2 (test/fixtures/pytorch-cases-2.json)", () => {
  it("holds all 129 cases: 96 of single ops, 9 graphs, 12 optimizer trajectories, 12 schedules; batch norm's with running statistics", () => {
    expect(second.cases).toHaveLength(129);
    const count = (op: string) => second.cases.filter((c) => c.op === op).length;
    expect([count("graph"), count("optimizer"), count("lr_scheduler")]).toEqual([9, 12, 12]);
    expect(second.cases.filter((c) => c.op === "batch_norm").every((c) => c.state?.running_mean && c.state.running_var)).toBe(true);
  });
  for (const dtype of ["float32", "float64"] as const) {
    describe(dtype, () => {
      for (const c of second.cases) {
        it(`${c.op} ${c.id}`, () => {
          expect(runGoldenCase(c, dtype).failures).toEqual([]);
        });
      }
    });
  }

  it("fails an optimizer trajectory that is off after a step, and a schedule that is off in an epoch", () => {
    const optimizer = structuredClone(second.cases.find((c) => c.op === "optimizer")!);
    optimizer.trajectory![2].params.w1.data[0] += 0.01 * Math.max(1, Math.abs(optimizer.trajectory![2].params.w1.data[0]));
    expect(runGoldenCase(optimizer).failures).toEqual([expect.stringMatching(/^step 2 w1: element 0/)]);
    const lrs = structuredClone(second.cases.find((c) => c.op === "lr_scheduler")!);
    lrs.lrs![3] *= 1.001;
    expect(runGoldenCase(lrs).failures).toEqual([expect.stringMatching(/^lrs: element 3/)]);
  });
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
