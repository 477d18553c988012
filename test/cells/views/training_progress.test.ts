import { describe, expect, it } from "vitest";
import { progressText } from "../../../cells/views/training_progress.ts";

const base = { status: "running" as const, epoch: 1, epochs: 3, step: 50, stepsPerEpoch: 40, loss: 0.31234, accuracy: 0.9, validation: { loss: 0.4, accuracy: 0.875 }, ms: 12345 };

describe("progressText", () => {
  it("says where training is: epoch, step of all, loss, accuracy, held-out accuracy, time", () => {
    expect(progressText(base)).toBe("running · epoch 2/3 · step 50/120 · loss 0.3123 · accuracy 90.0% · held-out 87.5% · 12.3 s");
  });
  it("leaves out what is not known yet, and says why training failed", () => {
    expect(progressText({ ...base, loss: null, accuracy: null, validation: null, step: 0, epoch: 0 })).toBe("running · epoch 1/3 · step 0/120 · 12.3 s");
    expect(progressText({ ...base, status: "failed", error: "train: no" })).toBe("failed: train: no");
  });
});

describe("trainingProgress", () => {
  it("draws a progress bar over all steps and wires pause / resume / stop to the training", async () => {
    const { openTest, notebookHtml } = await import("../../helpers/notebooks.ts");
    const { kernel } = openTest(notebookHtml([`import {trainingProgress} from "scanbook";`, "const probe = 1"])); // installs a document headless
    await kernel.settled();
    const { trainingProgress } = await import("../../../cells/views/training_progress.ts");
    const calls: string[] = [];
    const state = { ...base, history: [], perEpoch: [], params: {}, buffers: {}, pause: () => calls.push("pause"), resume: () => calls.push("resume"), stop: () => calls.push("stop") };
    const running = trainingProgress(state);
    const bar = running.querySelector("progress")!;
    expect([bar.max, bar.value]).toEqual([120, 50]);
    const [toggle, stop] = running.querySelectorAll("button");
    expect(toggle.textContent).toBe("pause");
    toggle.click();
    stop.click();
    const paused = trainingProgress({ ...state, status: "paused" });
    paused.querySelector("button")!.click();
    expect(calls).toEqual(["pause", "stop", "resume"]);
    const done = trainingProgress({ ...state, status: "done" });
    expect([...done.querySelectorAll("button")].every((b) => b.disabled)).toBe(true);
    expect(() => trainingProgress({} as never)).toThrow("trainingProgress: expected the value of a train(...) cell");
    kernel.dispose();
  });
});
