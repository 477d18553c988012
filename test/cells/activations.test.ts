import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import type { NetworkSummary } from "../../cells/summary.ts";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { getOp } from "../../kernel/tensor/ops/index.ts";
import { notebookHtml, openTest } from "../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

describe("the activations in a notebook", () => {
  it("compute in the worker as the engine's ops do, carry gradients, appear in the summary, and fail in their own cell on a bad option", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {randn, zeros, conv2d, leakyRelu, elu, gelu, silu, softplus, hardtanh, mse, grad, summary} from "scanbook";`,
        "const x = randn([1, 1, 6, 6], {seed: 3})",
        "const w = randn([2, 1, 3, 3], {seed: 4})",
        `const h = hardtanh(softplus(silu(gelu(elu(leakyRelu(conv2d(x, {weight: w}), {negativeSlope: 0.2}), {alpha: 0.5}), {approximate: "tanh"}))), {minVal: -0.5, maxVal: 2})`,
        "const loss = mse(h, zeros([1, 2, 4, 4]))",
        "const dw = grad(loss, w)",
        "const table = summary(h)",
        `const bad = gelu(x, {approximate: "fast", name: "g1"})`,
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const cell = (name: string) => kernel.cells().find((c) => c.name === name)!;
    expect(cell("h").status).toBe("ok");
    // The same chain through the engine's ops directly.
    const value = async (name: string) => (await (cell(name).value as LayerValue).read()).data;
    const xs = { shape: [1, 1, 6, 6], data: await value("x") },
      ws = { shape: [2, 1, 3, 3], data: await value("w") };
    let t = getOp("conv2d").forward({ x: xs, weight: ws }, {}).output;
    for (const [op, options] of [
      ["leaky_relu", { negativeSlope: 0.2 }],
      ["elu", { alpha: 0.5 }],
      ["gelu", { approximate: "tanh" }],
      ["silu", {}],
      ["softplus", {}],
      ["hardtanh", { minVal: -0.5, maxVal: 2 }],
    ] as const) {
      t = getOp(op).forward({ x: t }, options as never).output;
    }
    expect(Array.from(await value("h"))).toEqual(Array.from(t.data));
    // The gradient flows back through all six (each one's backward is checked by finite differences in test/tensor/ops).
    expect(cell("dw").status).toBe("ok");
    expect((cell("dw").value as LayerValue).shape).toEqual([2, 1, 3, 3]);
    expect(Array.from(await value("dw")).some((v) => v !== 0)).toBe(true);
    const rows = (cell("table").value as NetworkSummary).rows.map((r) => r.op);
    expect(rows).toEqual(["input", "conv2d", "leaky_relu", "elu", "gelu", "silu", "softplus", "hardtanh"]);
    expect(cell("bad").status).toBe("error");
    expect(String((cell("bad").error as Error).message)).toBe('gelu "g1": approximate must be "none" or "tanh", got "fast"');
  });
});
