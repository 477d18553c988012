import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import type { TrainingState } from "../../cells/training.ts";
import { notebookHtml, openTest } from "../helpers/notebooks.ts";
import { BARS_CELL as DATA } from "../helpers/bars_cell.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

function notebook(extra: string[] = [], epochs = 6) {
  return notebookHtml([
    `import {tensor, randn, conv2d, relu, maxPool2d, flatten, linear, crossEntropy, train} from "scanbook";`,
    DATA,
    "const X = tensor(data.x, [96, 1, 8, 8]), Y = tensor(data.y, [96])",
    "const xb = tensor(data.x.slice(0, 256), [4, 1, 8, 8]), yb = tensor(data.y.slice(0, 4), [4])",
    "const w = randn([4, 1, 3, 3], {seed: 2, std: 0.3}), v = randn([2, 4], {seed: 4, std: 0.3})",
    "const scores = linear(flatten(maxPool2d(relu(conv2d(xb, {weight: w})), {kernelSize: 6})), {weight: v})",
    "const loss = crossEntropy(scores, yb)",
    "const lr = 0.1",
    `const fit = train(loss, {params: {w, v}, input: xb, target: yb, data: {x: X, y: Y}, scores, lr, momentum: 0.9, batchSize: 8, epochs: ${epochs}, seed: 5})`,
    "const trainedAccuracy = fit.status === 'done' ? fit.accuracy : null",
    ...extra,
  ]);
}

/** The same notebook with another `fit` cell (an optimizer, a schedule). */
function notebookWith(fitArguments: string) {
  return notebook().replace(
    /const fit = train\(loss, \{[^\n]*\}\)/,
    `const fit = train(loss, {params: {w, v}, input: xb, target: yb, data: {x: X, y: Y}, scores, batchSize: 8, seed: 5, ${fitArguments}})`,
  );
}

describe("train with torch.optim's optimizers and schedules", () => {
  it("trains with adam and a step schedule; the loss falls", async () => {
    const { kernel } = openTest(notebookWith(`optimizer: "adam", lr: 0.05, betas: [0.9, 0.99], epochs: 6, schedule: {kind: "step_lr", stepSize: 3, gamma: 0.5}`));
    open.push(kernel);
    await kernel.settled();
    const fit = kernel.cells().find((c) => c.name === "fit")!.value as TrainingState;
    expect(fit.status).toBe("done");
    const losses = fit.perEpoch.map((e) => e.loss);
    expect(losses).toHaveLength(6);
    expect(losses.at(-1)).toBeLessThan(losses[0]);
    expect(fit.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it("fails in the training cell on an unknown optimizer, an option the optimizer does not take, or a bad schedule", async () => {
    for (const [args, message] of [
      [`optimizer: "lbfgs"`, 'train: unknown optimizer "lbfgs" (expected sgd, adam, adamw or rmsprop)'],
      [`optimizer: "adam", momentum: 0.9`, "train: unknown option momentum for adam (it takes lr, betas, eps, weightDecay, amsgrad)"],
      [`betas: [0.9, 0.99]`, /^train: unknown option betas \(train takes params, .*; sgd also takes dampening, nesterov\)$/],
      [`schedule: {kind: "cosine", tMax: 3}`, 'train: unknown schedule "cosine" (expected step_lr, multi_step_lr, exponential_lr or cosine_annealing_lr)'],
      [`schedule: {kind: "step_lr"}`, "train: step_lr's stepSize must be a number >= 1, got undefined"],
    ] as const) {
      const { kernel } = openTest(notebookWith(args));
      open.push(kernel);
      await kernel.settled();
      const fit = kernel.cells().find((c) => c.name === "fit")!;
      expect(fit.status, args).toBe("error");
      expect((fit.error as Error).message, args).toMatch(message);
    }
  });
});

describe("train", () => {
  it("trains in the worker; its value ends done with the loss falling, and later cells see the trained parameters", async () => {
    const { kernel } = openTest(notebook(["const trained = conv2d(X, {weight: fit.params.w})"]));
    open.push(kernel);
    await kernel.settled();
    const cell = (name: string) => kernel.cells().find((c) => c.name === name)!;
    const fit = cell("fit").value as TrainingState;
    expect(fit.status).toBe("done");
    expect(fit.epoch).toBe(5);
    expect(fit.accuracy).toBeGreaterThanOrEqual(0.9);
    const epochLosses = fit.history.filter((h) => h.split === "train").map((h) => h.loss);
    expect(epochLosses.at(-1)).toBeLessThan(epochLosses[0]);
    expect(cell("trainedAccuracy").value).toBe(fit.accuracy);
    expect(fit.params.w.label).toBe("w after epoch 6");
    expect(kernel.stats().fit.runs).toBe(1); // one run of the cell, many values
    expect(kernel.stats().trained.runs).toBeGreaterThan(1); // each new snapshot of w
  });

  it("restarts from its button: the same training again from the starting parameters, the cell not run again; the progress line and curve follow the last 20 steps", async () => {
    const { kernel } = openTest(notebook(["const curve = lossCurve(fit.history)"], 3).replace("train} from", "train, lossCurve} from"));
    open.push(kernel);
    await kernel.settled();
    const fitState = () => kernel.cells().find((c) => c.name === "fit")!.value as TrainingState;
    const first = fitState();
    expect(first.status).toBe("done");
    expect(first.recent!.steps).toBe(20);
    // The curve counts steps as its axis does: 3 epochs of 12.
    expect((kernel.cells().find((c) => c.name === "curve")!.value as HTMLElement).querySelector("figcaption")!.textContent).toBe("loss over 36 steps");
    first.restart();
    while (fitState() === first) await new Promise((r) => setTimeout(r, 1));
    expect(fitState()).toMatchObject({ status: "running", step: 0, history: [], perEpoch: [] });
    await kernel.settled();
    const second = fitState();
    expect(second.status).toBe("done");
    expect(second.perEpoch).toHaveLength(3);
    expect(second.perEpoch.map((e) => e.loss)).toEqual(first.perEpoch.map((e) => e.loss)); // the same seed, the same run
    expect(kernel.stats().fit.runs).toBe(1);
  });

  it("restarts when a hyperparameter cell is edited", async () => {
    const { kernel } = openTest(notebook());
    open.push(kernel);
    await kernel.settled();
    const first = kernel.cells().find((c) => c.name === "fit")!.value as TrainingState;
    kernel.redefine("lr", "0.05");
    await kernel.settled();
    const second = kernel.cells().find((c) => c.name === "fit")!.value as TrainingState;
    expect(kernel.stats().fit.runs).toBe(2);
    expect(second.status).toBe("done");
    expect(second.loss).not.toBe(first.loss);
  });

  it("pauses (no step while paused), resumes, and stops; settled() ends when it stops", async () => {
    const { kernel } = openTest(notebook([], 400));
    open.push(kernel);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const state = () => kernel.cells().find((c) => c.name === "fit")?.value as TrainingState | undefined;
    while (!state()?.step) await sleep(5);
    state()!.pause();
    while (state()!.status !== "paused") await sleep(5); // the cell's next value says so
    await sleep(250); // a report already on its way may still land
    const held = state()!.step;
    await sleep(400);
    expect(state()!.step).toBe(held);
    state()!.resume();
    while (state()!.step === held) await sleep(5);
    expect(state()!.status).toBe("running");
    state()!.stop();
    await kernel.settled();
    expect(state()!.status).toBe("stopped");
    expect(state()!.step).toBeLessThan(400 * 12);
  });

  it("is an error in its cell without parameters, and when the input is not part of the loss", async () => {
    const { kernel } = openTest(
      notebook([
        "const noParams = train(loss, {params: {}, input: xb, target: yb, data: {x: X, y: Y}})",
        "const wrongInput = train(loss, {params: {w}, input: X, target: yb, data: {x: X, y: Y}, epochs: 1})",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const cell = (name: string) => kernel.cells().find((c) => c.name === name)!;
    expect((cell("noParams").error as Error).message).toBe("train: expected params: {name: tensor, ...}, the weights and biases to train");
    const wrong = cell("wrongInput").value as TrainingState;
    expect(wrong.status).toBe("failed");
    expect(wrong.error).toMatch(/^train "wrongInput": the input \("X, Y"\) is not a tensor the loss is computed from/);
  });
});
