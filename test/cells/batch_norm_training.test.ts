import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { TrainingState } from "../../cells/training.ts";
import { notebookHtml, openTest } from "../helpers/notebooks.ts";
import { BARS_CELL } from "../helpers/bars_cell.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

/**
 * Bars classified by conv → batch norm → ReLU → dropout → pool → linear, the batch norm and
 * dropout in training mode; the trained network then scored by the notebook in evaluation mode.
 */
function notebook(fitCell: string, extra: string[] = []) {
  return notebookHtml([
    `import {tensor, randn, zeros, ones, conv2d, batchNorm, relu, dropout, maxPool2d, flatten, linear, crossEntropy, train} from "scanbook";`,
    BARS_CELL,
    "const X = tensor(data.x, [96, 1, 8, 8]), Y = tensor(data.y, [96])",
    "const xb = tensor(data.x.slice(0, 512), [8, 1, 8, 8]), yb = tensor(data.y.slice(0, 8), [8])",
    "const w = randn([4, 1, 3, 3], {seed: 2, std: 0.3}), d = randn([2, 4], {seed: 4, std: 0.3})",
    "const gamma = ones([4]), beta = zeros([4]), mean = zeros([4]), variance = ones([4])",
    "const conv = conv2d(xb, {weight: w})",
    "const h = batchNorm(conv, {weight: gamma, bias: beta, runningMean: mean, runningVar: variance, training: true})",
    "const scores = linear(flatten(maxPool2d(relu(dropout(h, {p: 0.2, training: true, seed: 3})), {kernelSize: 6})), {weight: d})",
    "const loss = crossEntropy(scores, yb)",
    fitCell,
    ...extra,
  ]);
}

const FIT = `const fit = train(loss, {params: {w, gamma, beta, d}, buffers: {mean, variance}, input: xb, target: yb, data: {x: X, y: Y}, validation: {x: X, y: Y}, scores, optimizer: "adam", lr: 0.05, batchSize: 16, epochs: 5, seed: 1})`;
// The trained network in evaluation mode, written by the notebook: the running statistics, no dropout.
const EVALUATED = `const evaluated = linear(flatten(maxPool2d(relu(dropout(batchNorm(conv2d(X, {weight: fit.params.w}), {weight: fit.params.gamma, bias: fit.params.beta, runningMean: fit.buffers.mean, runningVar: fit.buffers.variance}), {p: 0.2})), {kernelSize: 6})), {weight: fit.params.d})`;

describe("batchNorm's running statistics in a notebook", () => {
  it("carries the statistics updated by one batch as the output's state: 0.9·running + 0.1·batch", async () => {
    const { kernel } = openTest(notebook("const stats = [h.state.runningMean, h.state.runningVar]"));
    open.push(kernel);
    await kernel.settled();
    const cell = (name: string) => kernel.cells().find((c) => c.name === name)!;
    const [m, v] = await Promise.all((cell("stats").value as LayerValue[]).map((s) => s.read()));
    const conv = await (cell("conv").value as LayerValue).read(); // [8, 4, 6, 6]
    for (let c = 0; c < 4; c++) {
      const values: number[] = [];
      for (let n = 0; n < 8; n++) for (let s = 0; s < 36; s++) values.push(conv.data[(n * 4 + c) * 36 + s]);
      const batchMean = values.reduce((a, b) => a + b, 0) / values.length;
      const unbiased = values.reduce((a, b) => a + (b - batchMean) ** 2, 0) / (values.length - 1);
      expect(m.data[c]).toBeCloseTo(0.1 * batchMean, 5);
      expect(v.data[c]).toBeCloseTo(0.9 + 0.1 * unbiased, 5);
    }
  });

  it("trains with the statistics as buffers: they come back updated, and the notebook's evaluation matches the held-out score", async () => {
    const { kernel } = openTest(notebook(FIT, [EVALUATED, "const evaluatedScores = evaluated.read()"]));
    open.push(kernel);
    await kernel.settled();
    const cell = (name: string) => kernel.cells().find((c) => c.name === name)!;
    const fit = cell("fit").value as TrainingState;
    expect(fit.status).toBe("done");
    expect(fit.buffers.mean.label).toBe("mean after epoch 5");
    const trainedMean = await fit.buffers.mean.read();
    expect(trainedMean.data.some((x) => Math.abs(x) > 1e-3)).toBe(true);
    expect(fit.validation!.accuracy).toBeGreaterThanOrEqual(0.9);
    // The worker scored held-out data in evaluation mode; so did the notebook's own cell.
    const scores = (await cell("evaluatedScores").value) as { data: Float32Array };
    const labels = ((cell("data").value as { y: number[] }).y as number[]).slice(0, 96);
    let hits = 0;
    for (let i = 0; i < 96; i++) if ((scores.data[2 * i + 1] > scores.data[2 * i] ? 1 : 0) === labels[i]) hits++;
    expect(hits / 96).toBe(fit.validation!.accuracy);
  });

  it("is an error in the cell when a training batch norm's statistics are not buffers, or a buffer is not one, or only one statistic is given", async () => {
    const { kernel } = openTest(
      notebook(FIT.replace("buffers: {mean, variance}, ", ""), [
        FIT.replace("const fit", "const extra").replace("buffers: {mean, variance}", "buffers: {mean, variance, d}"),
        "const half = batchNorm(conv, {runningMean: mean, training: true})",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const error = (name: string) => (kernel.cells().find((c) => c.name === name)!.error as Error).message;
    expect(error("fit")).toBe('train: batch_norm "h" updates its runningMean ("gamma, beta, mean, variance") while training; add it to buffers: {name: tensor} so the updated one comes back');
    expect(error("extra")).toBe("train: buffers.d is not the runningMean or runningVar of a batch_norm that trains (training: true) in the loss's graph");
    expect(error("half")).toBe('batch_norm "half": expected both runningMean and runningVar, or neither (got only runningMean)');
  });

  it("refuses a statistic that is also a parameter, one computed by an op, buffers given as a list, and one tensor for both statistics", async () => {
    const { kernel } = openTest(
      notebook(FIT.replace("params: {w, gamma, beta, d}", "params: {w, gamma, beta, d, mean}"), [
        "const meanCopy = mul(mean, 1)",
        "const computed = batchNorm(conv, {runningMean: meanCopy, runningVar: variance, training: true})",
        "const computedFit = train(crossEntropy(linear(flatten(maxPool2d(computed, {kernelSize: 6})), {weight: d}), yb), {params: {d}, buffers: {meanCopy, variance}, input: xb, target: yb, data: {x: X, y: Y}})",
        FIT.replace("const fit", "const listed").replace("buffers: {mean, variance}", "buffers: [mean, variance]"),
        "const same = batchNorm(conv, {runningMean: mean, runningVar: mean, training: true})",
      ]).replace("import {tensor,", "import {mul, tensor,"),
    );
    open.push(kernel);
    await kernel.settled();
    const error = (name: string) => (kernel.cells().find((c) => c.name === name)!.error as Error).message;
    expect(error("fit")).toBe("train: mean is in both params (as mean) and buffers; running statistics are not trained by gradients, list it in buffers only");
    expect(error("computedFit")).toBe(
      'train: batch_norm "computed"\'s runningMean ("meanCopy") is computed by mul; running statistics must be tensors of their own (zeros([C]) and ones([C]) to start, or a batch norm\'s state), which training can update',
    );
    expect(error("listed")).toBe("train: expected buffers: {name: tensor, ...} (an object naming each running statistic), got an array");
    expect(error("same")).toBe('batch_norm "same": expected runningMean and runningVar to be two different tensors, got the same one twice');
  });

  it("gives each dropout of a cell its own mask when no seed is given, the same ones when the cell runs again", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {ones, dropout, mean} from "scanbook";`,
        "const twice = dropout(dropout(ones([1, 4000]), {p: 0.5, training: true}), {p: 0.5, training: true})",
        "const kept = mean(twice).item()",
        "const again = dropout(dropout(ones([1, 4000]), {p: 0.5, training: true}), {p: 0.5, training: true})",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const cell = (name: string) => kernel.cells().find((c) => c.name === name)!.value;
    // Independent masks: a quarter kept, each scaled by 4, a mean near 1 (one mask twice: near 2).
    expect(Math.abs((cell("kept") as number) - 1)).toBeLessThan(0.15);
    const a = await (cell("twice") as LayerValue).read();
    kernel.rerunAll();
    await kernel.settled();
    const b = await (cell("twice") as LayerValue).read();
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    // Another cell (another name) draws other masks.
    const c = await (cell("again") as LayerValue).read();
    expect(Array.from(c.data)).not.toEqual(Array.from(a.data));
  });
});
