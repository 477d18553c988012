import { afterEach, describe, expect, it } from "vitest";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import type { NetworkSummary } from "../../cells/summary.ts";
import { notebookHtml, openTest } from "../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

describe("tensor arithmetic and shapes in a notebook", () => {
  it("adds numbers and tensors, builds a skip connection whose gradient takes both paths, joins and slices maps, and fails in the cell with a clear message", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {tensor, randn, conv2d, relu, add, sub, mul, div, matmul, sum, mean, reshape, permute, transpose, cat, narrow, channel, sample, grad} from "scanbook";`,
        "const x = randn([2, 3, 6, 6], {seed: 5})",
        "const w = randn([3, 3, 3, 3], {seed: 6})",
        // A residual block: relu(conv(x) + x).
        "const block = relu(add(conv2d(x, {weight: w, padding: 1}), x))",
        "const loss = mean(mul(block, block))",
        "const dw = grad(loss, w)",
        "const dx = grad(loss, x)",
        "const scaled = div(sub(mul(2, x), 1), 4)",
        "const both = cat([x, block], 1)",
        "const first = channel(both, 0)",
        "const one = sample(both, 1)",
        "const flat = reshape(x, [2, -1])",
        "const gram = matmul(flat, transpose(flat, 0, 1))",
        "const last = permute(x, [0, 2, 3, 1])",
        "const part = narrow(x, {dim: 2, start: 1, length: 3})",
        "const total = sum(x, {dim: [1, 2, 3]})",
        "const bad = add(x, randn([2, 4, 6, 6], {seed: 7}))",
        "const badCat = cat([x, flat])",
        "const numbers = add(1, 2)",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const cell = (name: string) => kernel.cells().find((c) => c.name === name)!;
    const shape = (name: string) => (cell(name).value as LayerValue).shape;
    const data = async (name: string) => Array.from((await (cell(name).value as LayerValue).read()).data);
    for (const name of ["block", "loss", "dw", "dx", "scaled", "both", "first", "one", "flat", "gram", "last", "part", "total"]) expect(cell(name).status, name).toBe("ok");
    expect(shape("both")).toEqual([2, 6, 6, 6]);
    expect(shape("first")).toEqual([2, 1, 6, 6]);
    expect(shape("one")).toEqual([1, 6, 6, 6]);
    expect(shape("gram")).toEqual([2, 2]);
    expect(shape("last")).toEqual([2, 6, 6, 3]);
    expect(shape("part")).toEqual([2, 3, 3, 6]);
    expect(shape("total")).toEqual([2]);
    const xs = await data("x");
    expect((await data("scaled"))[0]).toBeCloseTo((2 * xs[0] - 1) / 4, 5);
    expect((await data("first")).slice(0, 36)).toEqual(xs.slice(0, 36));
    // Through the skip connection the input's gradient has the identity path too: it is not conv's alone.
    expect((cell("dx").value as LayerValue).shape).toEqual([2, 3, 6, 6]);
    expect((await data("dx")).some((v) => v !== 0)).toBe(true);
    expect(cell("bad").status).toBe("error");
    expect((cell("bad").error as Error).message).toBe('add "bad": shapes [2, 3, 6, 6] and [2, 4, 6, 6] do not broadcast (axis 1: 3 vs 4)');
    expect((cell("badCat").error as Error).message).toBe('cat "badCat": x1 is [2, 108] where x0 is [2, 3, 6, 6]: they need the same number of axes');
    expect((cell("numbers").error as Error).message).toBe('add "numbers": expected at least one tensor, got two numbers (1 and 2); compute those in JavaScript');
  });

  it("pads, pools adaptively, resizes, and weighs a loss's classes with a tensor of weights", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {tensor, randn, pad, adaptiveAvgPool2d, adaptiveMaxPool1d, interpolate, crossEntropy, nllLoss, l1Loss, smoothL1Loss, grad} from "scanbook";`,
        "const x = randn([2, 3, 5, 5], {seed: 8})",
        `const padded = pad(x, {pad: [1, 1, 2, 0], mode: "reflect"})`,
        "const pooled = adaptiveAvgPool2d(x, {outputSize: 1})",
        "const peaks = adaptiveMaxPool1d(randn([1, 2, 7], {seed: 9}), {outputSize: 3})",
        `const big = interpolate(x, {size: [9, 11], mode: "bilinear"})`,
        "const logits = randn([2, 3], {seed: 10})",
        "const weighted = crossEntropy(logits, [0, 2], {weight: tensor([1, 2, 3]), labelSmoothing: 0.1})",
        "const dlogits = grad(weighted, logits)",
        "const robust = smoothL1Loss(logits, tensor([[0, 0, 0], [1, 1, 1]]), {beta: 0.5})",
        "const badWeight = nllLoss(logits, [0, 1], {weight: tensor([1, 2])})",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const cell = (name: string) => kernel.cells().find((c) => c.name === name)!;
    const shape = (name: string) => (cell(name).value as LayerValue).shape;
    for (const name of ["padded", "pooled", "peaks", "big", "weighted", "dlogits", "robust"]) expect(cell(name).status, name).toBe("ok");
    expect(shape("padded")).toEqual([2, 3, 7, 7]);
    expect(shape("pooled")).toEqual([2, 3, 1, 1]);
    expect(shape("peaks")).toEqual([1, 2, 3]);
    expect(shape("big")).toEqual([2, 3, 9, 11]);
    expect(shape("weighted")).toEqual([]);
    expect((cell("badWeight").error as Error).message).toBe('nll_loss "badWeight": expected weight [3] (one per class), got [2]');
  });

  it("summary walks every path of a graph: a skip connection's field is the larger of its two paths, each layer counted once", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {randn, conv2d, relu, add, cat, pad, summary} from "scanbook";`,
        "const x = randn([1, 2, 9, 9], {seed: 1})",
        "const c1 = relu(conv2d(x, {weight: randn([2, 2, 3, 3], {seed: 2}), padding: 1}))",
        "const c2 = conv2d(c1, {weight: randn([2, 2, 3, 3], {seed: 3}), padding: 1})",
        "const block = relu(add(c2, x))",
        "const branches = cat([block, conv2d(x, {weight: randn([3, 2, 1, 1], {seed: 4})})], 1)",
        "const padded = pad(branches, {pad: [2, 2, 2, 2]})",
        "const table = summary(padded)",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const table = kernel.cells().find((c) => c.name === "table")!.value as NetworkSummary;
    const rows = table.rows.map((r) => [r.op, r.receptiveField?.map((f) => f.size).join("x") ?? "all"]);
    expect(rows).toEqual([
      ["input", "1x1"],
      ["conv2d", "3x3"],
      ["relu", "3x3"],
      ["conv2d", "5x5"],
      ["add", "5x5"], // the conv path's 5 × 5, not the skip's 1 × 1
      ["relu", "5x5"],
      ["conv2d", "1x1"],
      ["cat", "5x5"], // channels joined: the larger of the two branches
      ["pad", "5x5"],
    ]);
    // Each conv's weight counted once: 36 + 36 + 6.
    expect(table.params).toBe(78);
    const padded = table.rows.at(-1)!.receptiveField!;
    expect(padded[0].start).toBe(-4); // two conv paddings of 1, then 2 more
  });

  it("summary: interpolate's field in input positions (one read per output for nearest, two for bilinear), and each batch norm's and dropout's mode", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {randn, zeros, ones, conv2d, interpolate, batchNorm, dropout, summary, summaryTable} from "scanbook";`,
        "const x = randn([2, 1, 8, 8], {seed: 1})",
        "const c1 = conv2d(x, {weight: randn([2, 1, 3, 3], {seed: 2})})",
        `const up = interpolate(c1, {scaleFactor: 2})`,
        "const c2 = conv2d(up, {weight: randn([2, 2, 3, 3], {seed: 3})})",
        `const down = interpolate(c2, {scaleFactor: 0.5, mode: "bilinear"})`,
        "const normed = batchNorm(down, {runningMean: zeros([2]), runningVar: ones([2]), training: true})",
        "const dropped = dropout(normed, {p: 0.3})",
        "const table = summary(dropped)",
        "const view = summaryTable(table)",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const table = kernel.cells().find((c) => c.name === "table")!.value as NetworkSummary;
    const { formatRow } = await import("../../cells/summary.ts");
    expect(table.rows.map((r) => formatRow(r).split(" ").slice(1, 2).concat(formatRow(r).split(" field ")[1]))).toEqual([
      ["input", "1x1"],
      ["conv2d", "3x3"],
      ["interpolate", "3x3"], // each output copies one input: the field stays, the stride halves
      ["conv2d", "4x4"], // three upsampled positions span two of c1's: 3 + 1
      ["interpolate", "5x5"], // two neighbours a step of 1 (in c2) apart: 4 + 1 (rounded up from 4.5 in x's steps)
      ["batch_norm", "5x5"],
      ["dropout", "5x5"],
    ]);
    expect(table.rows.map((r) => r.mode ?? "-")).toEqual(["-", "-", "-", "-", "-", "train", "eval"]);
    const view = kernel.cells().find((c) => c.name === "view")!.value as HTMLElement;
    const ops = [...view.querySelectorAll("tbody tr")].map((tr) => tr.children[1].textContent);
    expect(ops.slice(-2)).toEqual(["batch_norm (train)", "dropout (eval)"]);
    const strides = [...view.querySelectorAll("tbody tr")].map((tr) => tr.children[6].textContent);
    expect(strides.slice(2, 5)).toEqual(["0.5 × 0.5", "0.5 × 0.5", "1 × 1"]);
  });
});
