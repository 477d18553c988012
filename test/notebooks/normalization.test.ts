import { describe, expect, it } from "vitest";
import type { TrainingState } from "../../cells/training.ts";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("normalization.html");

type Row = { when: string; network: string; stage: string; mean: number; std: number; values: number[] };

describe("normalization.html", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("trains both networks; batch norm's held-out score uses its running statistics", () => {
    const plain = nb.value<TrainingState>("plainFit"),
      normed = nb.value<TrainingState>("normedFit");
    expect([plain.status, normed.status]).toEqual(["done", "done"]);
    console.log(`normalization.html held-out accuracy: without batch norm ${plain.validation!.accuracy}, with ${normed.validation!.accuracy}`);
    expect(normed.validation!.accuracy).toBeGreaterThanOrEqual(0.9); // measured 0.932
    expect(plain.validation!.accuracy).toBeGreaterThanOrEqual(0.85); // measured 0.91
    expect(Object.keys(normed.buffers).sort()).toEqual(["m1", "m2", "v1", "v2"]);
  });

  it("shows the second layer's activations before and after training: batch norm's output at mean 0 and spread 1, the raw convolutions far from it", () => {
    const rows = nb.value<Row[]>("activations");
    const at = (when: string, network: string, stage: string) => rows.find((r) => r.when === when && r.network === network && r.stage === stage)!;
    for (const r of rows) console.log(`normalization.html ${r.when} / ${r.network} / ${r.stage}: mean ${r.mean.toFixed(3)}, std ${r.std.toFixed(3)}`);
    const before = at("before training", "batch norm", "after batch norm");
    expect(before.mean).toBeCloseTo(0, 4); // γ = 1, β = 0: exactly normalised
    expect(before.std).toBeCloseTo(1, 3);
    const after = at("trained", "batch norm", "after batch norm");
    expect(Math.abs(after.mean)).toBeLessThan(0.3);
    expect(after.std).toBeGreaterThan(0.7);
    expect(after.std).toBeLessThan(1.5);
    for (const when of ["before training", "trained"]) {
      expect(at(when, "no batch norm", "conv2 output").std).toBeGreaterThan(2);
      expect(at(when, "batch norm", "conv2 output").std).toBeGreaterThan(2);
    }
    // The histogram draws bars for each of the six panels.
    const figure = nb.value<HTMLElement>("cell 22");
    expect(figure.querySelectorAll("[aria-label='rect'] rect").length).toBeGreaterThan(6 * 10);
  });

  it("in training mode a digit's output depends on its batch; in evaluation mode it does not", () => {
    const modes = nb.value<{ training: number; evaluation: number }>("modes");
    expect(modes.training).toBeGreaterThan(0.01);
    expect(modes.evaluation).toBe(0);
  });

  it("refuses batch norm in training on one value per channel, with PyTorch's message; group norm gives one digit the output it gets in a batch", () => {
    expect(nb.value("batchOfOne")).toBe('batch_norm "batchOfOne": expected more than 1 value per channel when training, got input size [1, 16]');
    const g = nb.value<{ shape: number[]; largestDifference: number }>("groupNormAlone");
    expect(g.shape).toEqual([1, 8, 24, 24]);
    expect(g.largestDifference).toBeLessThan(1e-6);
  });
});
