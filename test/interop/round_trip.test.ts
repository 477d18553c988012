import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { exportOnnx } from "../../kernel/interop/onnx_export.ts";
import { notebookHtml } from "../helpers/notebooks.ts";
import { importedModel, settledNotebook, tensorNames, valueOf } from "../helpers/onnx_models.ts";
import { largestDifference } from "../helpers/onnx_runtime.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

describe("a notebook's network exported, then imported as a notebook again", () => {
  it("computes what the first notebook computed, through every op the exporter writes", async () => {
    const first = await settledNotebook(
      notebookHtml([
        `import {randn, ones, conv2d, batchNorm, relu, leakyRelu, elu, gelu, silu, sigmoid, tanh, maxPool2d, avgPool2d, adaptiveAvgPool2d, pad, cat, narrow, permute, reshape, mean, amax, add, mul, linear, softmax, logSoftmax, flatten, convTranspose2d} from "scanbook";`,
        "const x = randn([2, 3, 9, 9], {seed: 1})",
        "const c = conv2d(x, {weight: randn([4, 3, 3, 3], {seed: 2}), bias: randn([4], {seed: 3}), stride: 2, padding: 1})",
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
    const names = tensorNames(first);
    const model = await exportOnnx(valueOf(first, "out"), { names });
    const x = await valueOf(first, "x").read();
    const { dir, html, notebook } = importedModel(model.onnx, "exported.onnx", { shape: [...x.shape], data: Array.from(x.data) });
    const again = await settledNotebook(html, open, dir);
    const [want, got] = [await valueOf(first, "out").read(), await valueOf(again, notebook.outputs[0]).read()];
    expect(got.shape).toEqual(want.shape);
    expect(largestDifference(got.data, want.data)).toBeLessThan(1e-5);
    // The second notebook reads as the first: its cells are named after the first one's.
    expect(again.cells().map((c) => c.name)).toEqual(expect.arrayContaining(["x", "c", "same", "bn", "acts", "pooled", "padded", "up", "head", "extra", "out"]));
  });
});
