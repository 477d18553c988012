import { describe, expect, it } from "vitest";
import type { TrainingState } from "../../cells/training.ts";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("training.html");

type Variant = { name: string; batchSize: number; steps: number; epochLoss: number[]; finalLoss: number };
type Cv = { lr: number; foldAccuracy: number[]; meanAccuracy: number };

describe("training.html (notebook 11)", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("takes 1, 12 and 192 steps per epoch for full-batch, mini-batch (16) and stochastic descent on 192 images", () => {
    const v = nb.value<Variant[]>("variants");
    expect(v.map((x) => [x.name, x.steps])).toEqual([
      ["full batch", 10],
      ["stochastic (1)", 1920],
      ["mini-batch (16)", 120],
    ]);
    for (const x of v) {
      expect(x.epochLoss).toHaveLength(10);
      expect(x.finalLoss).toBeLessThan(x.epochLoss[0]); // each one learns
    }
    const [full, sgd, mini] = v.map((x) => x.finalLoss);
    expect(sgd).toBeLessThan(mini); // more steps per epoch, further per pass
    expect(mini).toBeLessThan(full);
  });

  it("chooses the learning rate by 4-fold cross-validation: too small and too large score near chance", () => {
    const cv = nb.value<Cv[]>("crossValidation");
    expect(cv.map((r) => r.lr)).toEqual([0.001, 0.05, 3]);
    for (const r of cv) expect(r.foldAccuracy).toHaveLength(4);
    expect(nb.value("chosenLr")).toBe(0.05);
    expect(cv[1].meanAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(cv[0].meanAccuracy).toBeLessThan(0.7);
    expect(cv[2].meanAccuracy).toBeLessThan(0.7);
  });

  it("trains the final model with the chosen rate: at least 95% on the held-out test images, with its curves", () => {
    const final = nb.value<TrainingState>("final");
    expect(final.status).toBe("done");
    expect(final.perEpoch).toHaveLength(12);
    expect(nb.value<number>("testAccuracy")).toBeGreaterThanOrEqual(0.95);
    expect(nb.value<HTMLElement>("cell 21").querySelector("figcaption")!.textContent).toMatch(/^accuracy over \d+ steps$/);
  });
});
