import { describe, expect, it } from "vitest";
import { progressText } from "../../../cells/views/training_progress.ts";

const base = {
  status: "running" as const,
  epoch: 1,
  epochs: 3,
  step: 50,
  stepsPerEpoch: 40,
  loss: 0.5,
  accuracy: 0.8,
  recent: { loss: 0.31234, accuracy: 0.9, steps: 20 },
  validation: { loss: 0.4, accuracy: 0.875 },
  ms: 12345,
};

describe("progressText", () => {
  it("says where training is: epoch, step of all, the last steps' loss and accuracy (not the epoch's so far), held-out accuracy, time", () => {
    expect(progressText(base)).toBe("running · epoch 2/3 · step 50/120 · loss 0.3123 · accuracy 90.0% (last 20 steps) · held-out 87.5% · 12.3 s");
    expect(progressText({ ...base, recent: { loss: 0.2, accuracy: null, steps: 1 } })).toBe("running · epoch 2/3 · step 50/120 · loss 0.2000 (last 1 step) · held-out 87.5% · 12.3 s");
  });
  it("leaves out what is not known yet, and says why training failed", () => {
    expect(progressText({ ...base, recent: null, validation: null, step: 0, epoch: 0 })).toBe("running · epoch 1/3 · step 0/120 · 12.3 s");
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
    const state = {
      ...base,
      history: [],
      perEpoch: [],
      params: {},
      buffers: {},
      start: { params: {}, buffers: {} },
      pause: () => calls.push("pause"),
      resume: () => calls.push("resume"),
      stop: () => calls.push("stop"),
      restart: () => calls.push("restart"),
    };
    const running = trainingProgress(state);
    const bar = running.querySelector("progress")!;
    expect([bar.max, bar.value]).toEqual([120, 50]);
    const [toggle, stop, restart] = running.querySelectorAll("button");
    expect(toggle.textContent).toBe("pause");
    expect(restart.disabled).toBe(true); // while it runs
    toggle.click();
    stop.click();
    const paused = trainingProgress({ ...state, status: "paused" });
    paused.querySelector("button")!.click();
    expect(calls).toEqual(["pause", "stop", "resume"]);
    const done = trainingProgress({ ...state, status: "stopped" });
    const buttons = [...done.querySelectorAll("button")];
    expect(buttons.map((b) => [b.textContent, b.disabled])).toEqual([
      ["pause", true],
      ["stop", true],
      ["restart", false],
    ]);
    buttons[2].click();
    expect(calls.at(-1)).toBe("restart");
    expect(() => trainingProgress({} as never)).toThrow("trainingProgress: expected the value of a train(...) cell");
    kernel.dispose();
  });
});
