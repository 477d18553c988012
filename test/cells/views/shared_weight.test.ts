import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../../../kernel/dataflow/notebook.ts";
import { weightContributions } from "../../../cells/views/shared_weight.ts";
import { getOp } from "../../../kernel/tensor/ops/index.ts";
import { randn } from "../../../kernel/tensor/random.ts";
import { notebookHtml, openTest } from "../../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

describe("weightContributions", () => {
  it("sums to the conv2d weight gradient at every index (stride 2, padding 1, dilation 2, groups 2, batch 2)", () => {
    const x = randn([2, 4, 9, 8], { seed: 1, dtype: "float64" }),
      weight = randn([6, 2, 3, 2], { seed: 2, dtype: "float64" });
    const options = { stride: 2, padding: 1, dilation: 2, groups: 2 };
    const op = getOp("conv2d");
    const { output, saved } = op.forward({ x, weight }, options);
    const gy = randn(output.shape, { seed: 3, dtype: "float64" });
    const gw = op.backward(gy, saved, options).weight!;
    const geometry = [0, 1].map(() => ({ stride: 2, padding: 1, dilation: 2 }));
    for (let flat = 0; flat < gw.data.length; flat++) {
      const index = [Math.floor(flat / 12), Math.floor(flat / 6) % 2, Math.floor(flat / 2) % 3, flat % 2];
      const { sum, contributions } = weightContributions(x, gy, geometry, index, 2);
      expect(contributions).toHaveLength(output.shape[2] * output.shape[3]);
      expect(sum).toBeCloseTo(gw.data[flat], 10);
    }
  });

  it("works for conv1d, with zero contributions where the window is in the padding", () => {
    const x = randn([1, 1, 6], { seed: 4, dtype: "float64" }),
      weight = randn([1, 1, 3], { seed: 5, dtype: "float64" });
    const op = getOp("conv1d");
    const { output, saved } = op.forward({ x, weight }, { padding: 1 });
    const gy = randn(output.shape, { seed: 6, dtype: "float64" });
    const gw = op.backward(gy, saved, { padding: 1 }).weight!;
    const r = weightContributions(x, gy, [{ stride: 1, padding: 1, dilation: 1 }], [0, 0, 0]);
    expect(r.contributions[0]).toBe(0); // tap 0 at position 0 reads the padding
    expect(r.sum).toBeCloseTo(gw.data[0], 12);
  });

  it("throws on an index of the wrong length", () => {
    const x = randn([1, 1, 4, 4], { seed: 1 }),
      gy = randn([1, 1, 2, 2], { seed: 2 });
    expect(() =>
      weightContributions(
        x,
        gy,
        [
          { stride: 1, padding: 0, dilation: 1 },
          { stride: 1, padding: 0, dilation: 1 },
        ],
        [0, 0, 1],
      ),
    ).toThrow("sharedWeight: expected an index [out, in, k0, k1], got [0, 0, 1]");
  });
});

describe("sharedWeight", () => {
  it("shows the contributions and their sum, equal to the engine's gradient for that weight", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {randn, conv2d, mse, grad, sharedWeight, zeros} from "scanbook";`,
        "const x = randn([1, 2, 8, 8], {seed: 1})",
        "const w = randn([3, 2, 3, 3], {seed: 2})",
        "const y = conv2d(x, {weight: w, stride: 2, padding: 1})",
        "const loss = mse(y, zeros(y.shape))",
        "const view = sharedWeight(y, {gradOutput: grad(loss, y), gradWeight: grad(loss, w), index: [1, 0, 2, 1]})",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const view = kernel.cells().find((c) => c.name === "view")!;
    expect(view.status, String(view.error)).toBe("ok");
    const figure = view.value as HTMLElement;
    expect(Number(figure.dataset.sum)).toBeCloseTo(Number(figure.dataset.engine), 5);
    expect(figure.querySelector("figcaption")!.textContent).toMatch(/^w\[1, 0, 2, 1\] is used at 16 positions/);
  });
});
