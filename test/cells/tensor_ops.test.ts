import { afterEach, describe, expect, it } from "vitest";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
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
});
