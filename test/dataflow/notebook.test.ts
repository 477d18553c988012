import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import { getOp } from "../../kernel/tensor/ops/index.ts";
import { randn } from "../../kernel/tensor/random.ts";
import { nodeSpawn } from "../../kernel/worker/node_transport.ts";
import { IMPORTS, lenetHtml, notebookHtml, openTest, ranAgain } from "../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});
function start(html: string, options = {}) {
  const t = openTest(html, options);
  open.push(t.kernel);
  return t;
}
const cell = (k: NotebookKernel, name: string) => k.cells().find((c) => c.name === name)!;
const NETWORK = ["x", "w1", "b1", "conv1", "pool1", "w2", "b2", "conv2", "pool2", "fc1w", "fc1b", "fc1", "fc2w", "fc2b", "fc2", "fc3w", "fc3b", "logits", "loss", "dw1", "dconv2"];

describe("NotebookKernel on the LeNet notebook", () => {
  it("computes every cell once, with the values the ops give", async () => {
    const { kernel } = start(lenetHtml());
    await kernel.settled();
    for (const c of kernel.cells()) expect(c.status, `${c.name}: ${String(c.error)}`).toBe("ok");
    const stats = kernel.stats();
    for (const name of NETWORK) expect(stats[name].runs, name).toBe(1);
    const conv1 = cell(kernel, "conv1").value as LayerValue;
    expect(conv1.shape).toEqual([1, 6, 24, 24]);
    const want = getOp("conv2d").forward({ x: randn([1, 1, 28, 28], { seed: 1 }), weight: await (cell(kernel, "w1").value as LayerValue).read() }, {}).output;
    const got = await conv1.read();
    want.data.forEach((v, i) => expect(got.data[i]).toBeCloseTo(v, 5));
  });

  it("recomputes conv2, what follows it, the loss and the gradients after a stride edit; not the input or conv1", async () => {
    const { kernel } = start(lenetHtml());
    await kernel.settled();
    const before = kernel.stats();
    kernel.redefine("conv2", "conv2d(pool1, {weight: w2, bias: b2, stride: 2})");
    await kernel.settled();
    expect(ranAgain(before, kernel.stats())).toEqual(["conv2", "pool2", "fc1"]);
    // fc1 now fails from shapes alone: pool2 is [1, 16, 2, 2], fc1 expects 256 features.
    expect(cell(kernel, "fc1").error).toHaveProperty("message", 'linear "fc1": expected input [..., 256] to match weight [120, 256], got [1, 64]');
    for (const name of ["fc2", "logits", "loss", "dw1", "dconv2"]) {
      expect(cell(kernel, name).status).toBe("error");
      expect(cell(kernel, name).waitsOn).toBe("fc1");
    }
  });

  it("recomputes the layers after an edited weight and every gradient, nothing before it", async () => {
    const { kernel } = start(lenetHtml());
    await kernel.settled();
    const before = kernel.stats();
    kernel.redefine("w2", "randn([16, 6, 5, 5], {seed: 11, std: 0.05})");
    await kernel.settled();
    expect(ranAgain(before, kernel.stats())).toEqual(["w2", "conv2", "pool2", "fc1", "fc2", "logits", "loss", "dw1", "dconv2", "cell 21"]);
    for (const c of kernel.cells()) expect(c.status).toBe("ok");
  });

  it("does not compute cells that nothing observes", async () => {
    const { kernel, handler } = start(lenetHtml(), { observe: ["conv1"] });
    await kernel.settled();
    const stats = kernel.stats();
    expect(NETWORK.filter((n) => stats[n].runs > 0)).toEqual(["x", "w1", "b1", "conv1"]);
    expect(handler().started).toHaveLength(1); // the conv; the rest are uploads
  });

  it("reports a stride that empties the output in the cell that has it, at edit time, without running the op", async () => {
    const { kernel, handler } = start(lenetHtml());
    await kernel.settled();
    const started = handler().started.length;
    kernel.redefine("conv1", "conv2d(x, {weight: w1, bias: b1, padding: -3})");
    await kernel.settled();
    expect(cell(kernel, "conv1").error).toHaveProperty("message", 'conv2d "conv1": padding must be non-negative, got [-3, -3]');
    expect(handler().started.length).toBe(started);
    expect(cell(kernel, "pool1").waitsOn).toBe("conv1");
    kernel.redefine("conv1", "conv2d(x, {weight: w2, bias: b2})");
    await kernel.settled();
    expect((cell(kernel, "conv1").error as Error).message).toMatch(/^conv2d "conv1": expected input \[N, 6, H, W\], got \[1, 1, 28, 28\]/);
    kernel.redefine("conv1", "conv2d(x, {weight: randn([6, 1, 30, 30]), bias: b1})");
    await kernel.settled();
    expect((cell(kernel, "conv1").error as Error).message).toMatch(/^conv2d "conv1": kernel 30 larger than/);
    expect(handler().started.length).toBe(started);
  });

  it("holds no more tensors after 1,000 edits of a filter than after the first", async () => {
    const { kernel } = start(lenetHtml());
    await kernel.settled();
    kernel.redefine("w1", "randn([6, 1, 5, 5], {seed: 100})");
    await kernel.settled();
    const afterFirst = await kernel.tensorCount();
    for (let i = 0; i < 1000; i++) {
      kernel.redefine("w1", `randn([6, 1, 5, 5], {seed: ${i}, std: 0.2})`);
      await kernel.settled();
    }
    expect(await kernel.tensorCount()).toBe(afterFirst);
    expect(kernel.engine.liveHandles).toBeLessThanOrEqual(NETWORK.length);
    expect(kernel.stats().conv1.runs).toBe(1002);
  }, 120_000);

  it("cancels the running job of a computation an edit replaced and shows only the newest values", async () => {
    // The engine in a real worker thread, so the first edit's conv is running when the second comes.
    const { kernel } = start(lenetHtml(), { spawn: nodeSpawn });
    await kernel.settled();
    kernel.redefine("x", "randn([1, 1, 1500, 1500], {seed: 40})");
    // Once conv1's job is dispatched, give the worker a moment to start it (it runs far longer).
    while (kernel.stats().conv1.runs < 2) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 30));
    kernel.redefine("x", "randn([1, 1, 28, 28], {seed: 41})");
    await kernel.settled();
    expect(kernel.engine.client.cancelledJobs).toBeGreaterThan(0);
    const fresh = start(lenetHtml().replace("randn([1, 1, 28, 28], {seed: 1})", "randn([1, 1, 28, 28], {seed: 41})"));
    await fresh.kernel.settled();
    for (const name of ["conv1", "loss", "dw1"]) {
      const a = await (cell(kernel, name).value as LayerValue).read();
      const b = await (cell(fresh.kernel, name).value as LayerValue).read();
      expect(Array.from(a.data), name).toEqual(Array.from(b.data));
    }
    for (const c of kernel.cells()) expect(c.status).toBe("ok");
  });
});

describe("NotebookKernel errors", () => {
  it("reports a cycle in each cell of it, as its own error; a cell that reads the cycle waits on it", async () => {
    const { kernel } = start(notebookHtml(["const a = b + 1", "const b = a + 1", "const c = 3", "const d = a * 2"]));
    await kernel.settled();
    for (const name of ["a", "b"]) {
      expect(cell(kernel, name).error).toHaveProperty("message", "circular definition");
      expect(cell(kernel, name).waitsOn, name).toBeUndefined();
    }
    expect(cell(kernel, "c")).toMatchObject({ status: "ok", value: 3 });
    expect(cell(kernel, "d")).toMatchObject({ status: "error", waitsOn: "a" });
  });

  it("reports a syntax error in its cell, under the names it declares, and runs the others; cells that read them wait on it", async () => {
    const { kernel } = start(notebookHtml(["const a = ;", "const c = 3", "const d = a + 1", "1 +"]));
    await kernel.settled();
    expect((cell(kernel, "a").error as Error).message).toMatch(/^SyntaxError: Unexpected token/);
    expect(cell(kernel, "c").status).toBe("ok");
    expect(cell(kernel, "d")).toMatchObject({ status: "error", waitsOn: "a" });
    // No declaration to read off: the cell reports itself.
    expect((cell(kernel, "cell 4").error as Error).message).toMatch(/^SyntaxError/);
  });

  it("reports a name defined twice in both cells", async () => {
    const { kernel } = start(notebookHtml(["const x = 1", "const x = 2", "const y = x + 1"]));
    await kernel.settled();
    const errors = kernel.cells().map((c) => (c.error as Error | undefined)?.message);
    expect(errors).toEqual(["x is defined more than once", "x is defined more than once", "x is defined more than once"]);
  });

  it("explains a misspelt import and a misspelt name", async () => {
    const { kernel } = start(notebookHtml([`import {conv2dd} from "scanbook";`, IMPORTS.replace("import {", "import {randn as r2, "), "const y = relu(xx)"]));
    await kernel.settled();
    expect(cell(kernel, "cell 1").error).toHaveProperty("message", 'import: "scanbook" has no export "conv2dd" (did you mean conv2d?)');
    expect(cell(kernel, "y").error).toHaveProperty("message", "xx is not defined");
  });

  it("names the layer and what it expected when an argument is not a tensor", async () => {
    const { kernel } = start(notebookHtml([IMPORTS, "const w = randn([2, 1, 3])", "const y = conv1d([1, 2, 3], {weight: w})", "const z = conv1d(w, {})"]));
    await kernel.settled();
    expect(cell(kernel, "y").error).toHaveProperty("message", 'conv1d "y": expected the input to be a tensor, got an array (make it a tensor with tensor(data, shape))');
    expect(cell(kernel, "z").error).toHaveProperty("message", 'conv1d "z": expected weight (pass it as {weight}) to be a tensor, got undefined');
  });

  it("recovers after the worker dies: the cells that waited say so, the next edit recomputes normally", async () => {
    const { kernel } = start(lenetHtml());
    await kernel.settled();
    kernel.redefine("w1", "randn([6, 1, 5, 5], {seed: 31})");
    kernel.engine.client.killWorker();
    await kernel.settled();
    const failed = kernel.cells().filter((c) => c.status === "error");
    expect(failed.length).toBeGreaterThan(0);
    expect((failed[0].error as Error).message).toMatch(/^the engine worker stopped/);
    kernel.redefine("w1", "randn([6, 1, 5, 5], {seed: 32})");
    await kernel.settled();
    for (const c of kernel.cells()) expect(c.status, `${c.name}: ${String(c.error)}`).toBe("ok");
    expect(kernel.engine.client.generation).toBe(1);
  });
});
