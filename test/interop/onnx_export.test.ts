import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { exportOnnx } from "../../kernel/interop/onnx_export.ts";
import { readOnnx } from "../../kernel/interop/onnx.ts";
import { readSafetensors } from "../../kernel/interop/safetensors.ts";
import { notebookHtml } from "../helpers/notebooks.ts";
import { importedModel, settledNotebook, tensorNames, valueOf } from "../helpers/onnx_models.ts";
import { largestDifference, runOnnx } from "../helpers/onnx_runtime.ts";

const root = new URL("../..", import.meta.url).pathname;
const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

/** Exports `cell`, runs the model in ONNX Runtime on the notebook's own inputs, and returns the largest difference from the notebook's value. */
async function roundTrip(kernel: NotebookKernel, cell: string) {
  const output = valueOf(kernel, cell);
  const model = await exportOnnx(output, { names: tensorNames(kernel) });
  const feeds = Object.fromEntries(await Promise.all(model.inputs.map(async (i) => [i.name, await valueOf(kernel, i.name).read()] as const)));
  const ran = await runOnnx(model.onnx, feeds);
  const expected = await output.read();
  expect(ran[model.output].shape).toEqual(expected.shape);
  // Within 1e-5 of the value's own scale (1 for the notebooks' scores).
  const scale = Math.max(1, ...Array.from(expected.data, Math.abs));
  return { worst: largestDifference(ran[model.output].data, expected.data) / scale, model };
}

describe("exportOnnx", () => {
  for (const [notebook, cell] of [
    ["lenet.html", "logits"],
    ["lenet_live.html", "logits"],
    ["playground.html", "logits"],
  ] as const) {
    it(`${notebook}: ONNX Runtime computes ${cell} from the exported model as the notebook does (within 1e-5)`, async () => {
      const kernel = await settledNotebook(readFileSync(new URL(`../../notebooks/${notebook}`, import.meta.url), "utf8"), open);
      const { worst, model } = await roundTrip(kernel, cell);
      console.log(`${notebook} ${cell}: ${model.weights.size} weights, largest difference ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-5);
    });
  }

  for (const name of ["lenet", "tdnn", "resnet_tiny"]) {
    it(`re-exports the imported ${name}: ONNX Runtime gives PyTorch's output on PyTorch's input, as the notebook does`, async () => {
      const io = JSON.parse(readFileSync(new URL(`../fixtures/interop/${name}.io.json`, import.meta.url), "utf8"));
      // The notebook computes one sample (the importer's random input); the export takes PyTorch's batch of two.
      const { dir, html } = importedModel(new Uint8Array(readFileSync(new URL(`../fixtures/interop/${name}.onnx`, import.meta.url))), `${name}.onnx`);
      const kernel = await settledNotebook(html, open, dir);
      const { worst, model } = await roundTrip(kernel, "output");
      expect(worst).toBeLessThan(1e-5);
      expect(model.batchAxis).toBe(true);
      const again = await runOnnx(model.onnx, { input: { shape: io.input.shape, data: Float32Array.from(io.input.data) } });
      expect(largestDifference(again.output.data, io.output.data)).toBeLessThan(1e-4);
      // The model reads as the importer reads it: the same weights by the cells' names.
      const initializers = readOnnx(model.onnx, "again.onnx").initializers;
      for (const [weight, t] of model.weights) expect(Array.from(initializers.get(weight)!.data)).toEqual(Array.from(t.data));
    });
  }

  it("writes batch norm in evaluation form, pads, pools, activations and shape ops as ONNX Runtime computes them", async () => {
    const kernel = await settledNotebook(
      notebookHtml([
        `import {randn, ones, zeros, conv2d, conv1d, batchNorm, relu, leakyRelu, elu, gelu, silu, sigmoid, tanh, maxPool2d, avgPool2d, adaptiveAvgPool2d, pad, cat, narrow, permute, reshape, mean, amax, add, mul, linear, softmax, logSoftmax, flatten, convTranspose2d} from "scanbook";`,
        "const x = randn([2, 3, 9, 9], {seed: 1})",
        "const w = randn([4, 3, 3, 3], {seed: 2})",
        "const c = conv2d(x, {weight: w, bias: randn([4], {seed: 3}), stride: 2, padding: 1})",
        "const same = conv2d(x, {weight: randn([4, 3, 4, 4], {seed: 9}), padding: 'same', dilation: 2})",
        "const bn = batchNorm(c, {weight: randn([4], {seed: 4}), bias: randn([4], {seed: 5}), runningMean: randn([4], {seed: 6}), runningVar: ones([4]), eps: 1e-3})",
        "const acts = cat([relu(bn), leakyRelu(bn, {negativeSlope: 0.2}), elu(bn), gelu(bn), silu(bn), sigmoid(bn), tanh(bn)], 1)",
        "const pooled = add(maxPool2d(acts, {kernelSize: 2, ceilMode: true}), avgPool2d(acts, {kernelSize: 2, padding: 1, stride: 2, countIncludePad: false}))",
        "const padded = pad(pooled, {pad: [1, 0, 2, 1], mode: 'reflect'})",
        "const up = convTranspose2d(narrow(padded, 1, 2, 8), {weight: randn([8, 2, 3, 3], {seed: 7}), stride: 2, padding: 1, outputPadding: 1})",
        "const g = mul(adaptiveAvgPool2d(up, {outputSize: 1}), 3)",
        "const head = linear(flatten(permute(g, [0, 2, 3, 1])), {weight: randn([5, 2], {seed: 8})})",
        "const extra = add(mean(same, {dim: [2, 3]}), amax(reshape(same, [2, 4, -1]), {dim: 2}))",
        "const out = cat([logSoftmax(head, {dim: 1}), softmax(extra, {dim: 1})], 1)",
      ]),
      open,
    );
    const { worst, model } = await roundTrip(kernel, "out");
    expect(model.inputs.map((i) => i.name)).toEqual(["x"]);
    expect(worst).toBeLessThan(1e-5);
  });

  it("keeps the notebook's batch where the network computes along it (a softmax over the batch), and takes any batch otherwise", async () => {
    const kernel = await settledNotebook(
      notebookHtml([
        `import {randn, softmax, linear} from "scanbook";`,
        "const x = randn([3, 4], {seed: 1})",
        "const h = linear(x, {weight: randn([2, 4], {seed: 2})})",
        "const overBatch = softmax(h, {dim: 0})",
        "const overClasses = softmax(h, {dim: 1})",
      ]),
      open,
    );
    const fixed = await roundTrip(kernel, "overBatch");
    expect([fixed.model.batchAxis, fixed.worst < 1e-6]).toEqual([false, true]);
    const any = await roundTrip(kernel, "overClasses");
    expect([any.model.batchAxis, any.worst < 1e-6]).toEqual([true, true]);
  });

  it("refuses what ONNX cannot hold, naming the cell and the op", async () => {
    const kernel = await settledNotebook(
      notebookHtml([
        `import {randn, conv2d, crossEntropy, batchNorm, adaptiveAvgPool2d, reshape, upsample2d} from "scanbook";`,
        "const x = randn([2, 1, 7, 7], {seed: 1})",
        "const c = conv2d(x, {weight: randn([3, 1, 3, 3], {seed: 2})})",
        "const odd = adaptiveAvgPool2d(c, {outputSize: 2})",
        "const noStats = batchNorm(c, {training: true})",
        "const up = upsample2d(c, {scaleFactor: 2})",
        "const loss = crossEntropy(reshape(c, [2, -1]), [0, 1])",
      ]),
      open,
    );
    await expect(exportOnnx(valueOf(kernel, "odd"))).rejects.toThrow('adaptive_avg_pool2d "odd": an adaptive pool from [5, 5] to [2, 2] has windows of unequal sizes, which ONNX\'s pools do not make');
    await expect(exportOnnx(valueOf(kernel, "noStats"))).rejects.toThrow('batch_norm "noStats": has no running statistics: in evaluation form batch norm needs runningMean and runningVar');
    await expect(exportOnnx(valueOf(kernel, "up"))).rejects.toThrow(/^upsample2d "up": the op upsample2d is not exported to ONNX/);
    await expect(exportOnnx(valueOf(kernel, "loss"))).rejects.toThrow('cross_entropy "loss": is a loss; export the cell of the network\'s output (its scores), not the loss');
    await expect(exportOnnx(valueOf(kernel, "x"))).rejects.toThrow('tensor "x": is data, not a layer: export the cell of the network\'s output');
  });

  it("exports a training's latest parameters: ONNX Runtime scores the held-out recordings as the notebook's training did", async () => {
    const kernel = await settledNotebook(readFileSync(new URL("../../notebooks/time_delay_network.html", import.meta.url), "utf8"), open);
    type Tensors = Record<string, LayerValue>;
    const fit = kernel.cells().find((c) => c.name === "fit")!.value as { status: string; params: Tensors; start: { params: Tensors }; validation: { accuracy: number } };
    expect(fit.status).toBe("done");
    const replace = new Map(Object.entries(fit.start.params).map(([name, start]) => [start, fit.params[name]] as const));
    const model = await exportOnnx(valueOf(kernel, "logits"), { replace, names: tensorNames(kernel) });
    // The trained weights were written, not the ones training started from.
    expect(Array.from(model.weights.get("w1")!.data)).toEqual(Array.from((await fit.params.w1.read()).data));
    expect(Array.from(model.weights.get("w1")!.data)).not.toEqual(Array.from((await fit.start.params.w1.read()).data));
    // The model takes any batch: all the held-out recordings at once.
    expect(model.batchAxis).toBe(true);
    const recordings = kernel.cells().find((c) => c.name === "recordings")!.value as { testX: LayerValue; testY: LayerValue };
    const [x, y] = [await recordings.testX.read(), await recordings.testY.read()];
    const scores = (await runOnnx(model.onnx, { [model.inputs[0].name]: x }))[model.output];
    const k = scores.shape[1];
    let correct = 0;
    const scored = x.shape[0];
    for (let i = 0; i < scored; i++) {
      const row = Array.from(scores.data.slice(i * k, (i + 1) * k));
      if (row.indexOf(Math.max(...row)) === y.data[i]) correct++;
    }
    expect(scored).toBeGreaterThan(0);
    expect(correct / scored).toBe(fit.validation.accuracy);
  }, 120_000);
});

describe("scanbook export-model", () => {
  it("writes the model and its weights, naming the input and output; a loss or an unknown cell is refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-export-model-"));
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(root, "bin/scanbook.js"), "export-model", ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, INIT_CWD: dir }, timeout: 120_000 });
    const lenet = join(root, "notebooks/lenet.html");
    const made = cli(lenet, "--output", "logits", "-o", "lenet.onnx", "--safetensors", "lenet.safetensors");
    expect([made.status, made.stderr]).toEqual([0, ""]);
    expect(made.stdout).toBe("wrote lenet.onnx and lenet.safetensors: 10 weight tensors; input x [N, 1, 28, 28]; output logits\n");
    const weights = readSafetensors(new Uint8Array(readFileSync(join(dir, "lenet.safetensors"))), "lenet.safetensors");
    expect([...weights.tensors.keys()].sort()).toEqual(["b1", "b2", "fc1b", "fc1w", "fc2b", "fc2w", "fc3b", "fc3w", "w1", "w2"]);
    expect(readOnnx(new Uint8Array(readFileSync(join(dir, "lenet.onnx"))), "lenet.onnx").nodes.map((n) => n.opType)).toEqual([
      "Conv",
      "Relu",
      "MaxPool",
      "Conv",
      "Relu",
      "MaxPool",
      "Reshape",
      "Gemm",
      "Relu",
      "Gemm",
      "Relu",
      "Gemm",
    ]);
    const loss = cli(lenet, "--output", "loss", "-o", "x.onnx");
    expect([loss.status, loss.stderr]).toEqual([1, 'export-model: cross_entropy "loss": is a loss; export the cell of the network\'s output (its scores), not the loss\n']);
    expect(cli(lenet, "--output", "nothing", "-o", "x.onnx").stderr).toBe(`export-model: ${lenet} has no cell nothing\n`);
    expect(cli(lenet, "-o", "x.onnx").status).toBe(2);
  }, 120_000);
});
