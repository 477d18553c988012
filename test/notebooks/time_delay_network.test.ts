import { describe, expect, it } from "vitest";
import type { TrainingState } from "../../cells/training.ts";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("time_delay_network.html");

describe("time_delay_network.html (notebook 8)", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("trains the 1-D CNN to find the word at any time: held-out accuracy at least 95%", () => {
    const fit = nb.value<TrainingState>("fit");
    const heldOut = nb.value<{ loss: number; accuracy: number }>("heldOut");
    console.log(`time_delay_network.html: held-out accuracy ${(100 * heldOut.accuracy).toFixed(1)}% after ${(fit.ms / 1000).toFixed(1)} s`);
    expect(fit.status).toBe("done");
    expect(heldOut.accuracy).toBeGreaterThanOrEqual(0.95);
    const train = fit.history.filter((h) => h.split === "train");
    expect(train.at(-1)!.loss).toBeLessThan(train[0].loss);
  });
});
