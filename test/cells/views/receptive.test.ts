import { afterEach, describe, expect, it } from "vitest";
import type { LayerValue } from "../../../kernel/dataflow/layer_value.ts";
import type { NotebookKernel } from "../../../kernel/dataflow/notebook.ts";
import { dataPath, fieldBetween, windowAt } from "../../../cells/views/receptive.ts";
import { notebookHtml, openTest } from "../../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

async function values(sources: string[]): Promise<Record<string, LayerValue>> {
  const { kernel } = openTest(notebookHtml([`import {randn, conv2d, relu, maxPool2d, flatten, linear} from "scanbook";`, ...sources]));
  open.push(kernel);
  await kernel.settled();
  return Object.fromEntries(kernel.cells().map((c) => [c.name, c.value as LayerValue]));
}

describe("fieldBetween and windowAt", () => {
  it("follow the chain conv 5x5 → relu → conv 3x3 stride 2 → pool 2: 1 + sum of (k - 1) x stride so far", async () => {
    const v = await values([
      "const x = randn([1, 1, 32, 32], {seed: 1})",
      "const a = relu(conv2d(x, {weight: randn([2, 1, 5, 5], {seed: 2})}))",
      "const b = conv2d(a, {weight: randn([2, 2, 3, 3], {seed: 3}), stride: 2})",
      "const c = maxPool2d(b, {kernelSize: 2})",
    ]);
    expect(dataPath(v.c).map((l) => l.label)).toEqual(["c", "b", "a", "a", "x"]);
    // a: 5, b: 5 + 2·1 = 7 (stride 2), c: 7 + 1·2 = 9 (stride 4)
    expect(fieldBetween(v.x, v.c)).toEqual([
      { size: 9, stride: 4, start: 0 },
      { size: 9, stride: 4, start: 0 },
    ]);
    // From a: the 3x3 conv sees 3 (stride 2), the pool adds 1·2: 5.
    expect(fieldBetween(v.a, v.c)).toEqual([
      { size: 5, stride: 4, start: 0 },
      { size: 5, stride: 4, start: 0 },
    ]);
    expect(windowAt(fieldBetween(v.x, v.c)!, [1, 2], [32, 32])).toEqual([
      [4, 12],
      [8, 16],
    ]);
    expect(fieldBetween(v.c, v.x)).toBeNull(); // c is not on x's path
  });

  it("clips windows that reach into the padding, and is null past a flatten", async () => {
    const v = await values([
      "const x = randn([1, 1, 6, 6], {seed: 1})",
      "const y = conv2d(x, {weight: randn([1, 1, 3, 3], {seed: 2}), padding: 1})",
      "const z = linear(flatten(y), {weight: randn([2, 36], {seed: 3})})",
    ]);
    const field = fieldBetween(v.x, v.y)!;
    expect(field[0]).toEqual({ size: 3, stride: 1, start: -1 });
    expect(windowAt(field, [0, 5], [6, 6])).toEqual([
      [0, 1],
      [4, 5],
    ]);
    expect(fieldBetween(v.x, v.z)).toBeNull();
  });
});
