import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { notebookHtml, openTest } from "../helpers/notebooks.ts";
import { importedModel, settledNotebook } from "../helpers/onnx_models.ts";

const FIXTURES = new URL("../fixtures/interop/", import.meta.url);
const root = new URL("../..", import.meta.url).pathname;
const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

interface Io {
  input: { shape: number[]; data: number[] };
  output: { shape: number[]; data: number[] };
}
const io = (name: string): Io => JSON.parse(readFileSync(new URL(`${name}.io.json`, FIXTURES), "utf8"));

function imported(name: string, input?: Io["input"]) {
  return importedModel(new Uint8Array(readFileSync(new URL(`${name}.onnx`, FIXTURES))), `${name}.onnx`, input);
}

async function settle(name: string, input?: Io["input"]) {
  const { dir, notebook, html } = imported(name, input);
  return { kernel: await settledNotebook(html, open, dir), notebook };
}

describe("importOnnx", () => {
  for (const name of ["lenet", "tdnn", "resnet_tiny"]) {
    it(`imports ${name}.onnx (PyTorch's export) into cells that compute PyTorch's output within 1e-4`, async () => {
      const { input, output } = io(name);
      const { kernel } = await settle(name, input);
      const value = kernel.cells().find((c) => c.name === "output")!.value as LayerValue;
      const got = await value.read();
      expect(got.shape).toEqual(output.shape);
      const worst = Math.max(...output.data.map((v, i) => Math.abs(v - got.data[i])));
      console.log(`${name}: largest difference from PyTorch ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-4);
    });
  }

  it("names each cell after its module, draws the maps after each convolution block, ends with the summary", async () => {
    const { kernel, notebook } = await settle("resnet_tiny");
    const names = kernel.cells().map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["input", "stem", "relu_0", "block_conv1", "block_relu", "block_conv2", "block_add", "block_relu_1", "pool", "output"]));
    // The BN-folded weights PyTorch exported under generated names are named after their layer.
    expect(names).toEqual(expect.arrayContaining(["block_conv1_weight", "block_conv1_bias", "stem_weight", "output_weight"]));
    const js = notebook.cells.filter((c) => c.mode === "js").map((c) => c.value);
    expect(js).toContain("const block_conv1 = conv2d(relu_0, {weight: block_conv1_weight, bias: block_conv1_bias, stride: 1, padding: 1})");
    expect(js).toContain("const stem = conv2d(input, {weight: stem_weight, bias: stem_bias, stride: 2, padding: 1})");
    expect(js).toContain("const pool = adaptiveAvgPool2d(block_relu_1, {outputSize: 1})");
    expect(js.filter((v) => v.startsWith("featureMaps("))).toEqual(["featureMaps(relu_0)", "featureMaps(block_relu)", "featureMaps(block_conv2)"]);
    expect(js.at(-1)).toBe("summaryTable(summary(output))");
    expect(notebook.weights.size).toBe(8);
  });

  it("makes the input of the model's shape with a batch of one, and the output cell after the graph's output", () => {
    const { notebook } = imported("tdnn");
    expect(notebook.input).toBe("input");
    expect(notebook.outputs).toEqual(["output"]);
    expect(notebook.cells.map((c) => c.value)).toContain("const input = randn([1, 16, 40], {seed: 0})");
    expect(notebook.cells.map((c) => c.value)).toContain("const reduce_max = amax(conv3, {dim: 2, keepdim: false})");
  });
});

describe("scanbook import", () => {
  it("writes the notebook and its weights; run --edit computes the model on another input", () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-import-"));
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/scanbook.js"), ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, INIT_CWD: dir }, timeout: 120_000 });
    const made = cli("import", join(root, "test/fixtures/interop/lenet.onnx"), "-o", "net.html");
    expect(made.stderr).toBe("");
    expect(made.stdout).toBe('wrote net.html (28 cells; input "input", output "output") and net.weights.safetensors (10 tensors)\n');
    expect(cli("import", join(root, "test/fixtures/interop/lenet.onnx"), "-o", "net.html").stderr).toBe("scanbook import: net.html exists already (--force overwrites it)\n");
    const { input, output } = io("lenet");
    const run = cli("run", "net.html", "--edit", `input=tensor(${JSON.stringify(input.data)}, ${JSON.stringify(input.shape)})`, "--json");
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { cells: { name: string; summary: { shape: number[]; min: number; max: number } }[]; recomputed: string[] };
    const out = result.cells.find((c) => c.name === "output")!.summary;
    expect(out.shape).toEqual([2, 10]);
    expect(out.min).toBeCloseTo(Math.min(...output.data), 4);
    expect(out.max).toBeCloseTo(Math.max(...output.data), 4);
    expect(result.recomputed).toContain("conv_0");
    expect(result.recomputed).not.toContain("conv_0_weight");
  }, 120_000);

  it("writes nothing for a model it cannot import, and says why with the node and the operator", () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-import-"));
    writeFileSync(join(dir, "cut.onnx"), readFileSync(new URL("lenet.onnx", FIXTURES)).subarray(0, 5000));
    const r = spawnSync(process.execPath, [join(root, "bin/scanbook.js"), "import", "cut.onnx"], { encoding: "utf8", cwd: dir, env: { ...process.env, INIT_CWD: dir } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^scanbook import: cut\.onnx: not an ONNX model, or a truncated one \(/);
    expect(readdirSync(dir)).toEqual(["cut.onnx"]);
    const missing = spawnSync(process.execPath, [join(root, "bin/scanbook.js"), "import", "nothing.onnx"], { encoding: "utf8", cwd: dir, env: { ...process.env, INIT_CWD: dir } });
    expect([missing.status, missing.stderr]).toEqual([2, "scanbook import: cannot read nothing.onnx: no such file\n"]);
  }, 60_000);
});

describe("loadSafetensors in a cell", () => {
  it("gives the tensors by name; a name or a shape the file does not have is an error in the cell that asked, naming the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-load-"));
    writeFileSync(join(dir, "w.safetensors"), readFileSync(new URL("lenet.safetensors", FIXTURES)));
    const full = readFileSync(new URL("lenet.safetensors", FIXTURES));
    writeFileSync(join(dir, "bad.safetensors"), full.subarray(0, full.length - 100));
    // A link in the folder to a file outside it.
    const elsewhere = mkdtempSync(join(tmpdir(), "scanbook-elsewhere-"));
    writeFileSync(join(elsewhere, "secret.safetensors"), full);
    symlinkSync(join(elsewhere, "secret.safetensors"), join(dir, "link.safetensors"));
    const { kernel } = openTest(
      notebookHtml([
        `import {loadSafetensors} from "scanbook";`,
        'const w = await loadSafetensors(FileAttachment("w.safetensors"))',
        'const conv = w.get("0.weight", [6, 1, 5, 5])',
        'const typo = w.get("conv1.weight")',
        'const wrongShape = w.get("0.weight", [6, 1, 3, 3])',
        'const bad = await loadSafetensors(FileAttachment("bad.safetensors"))',
        'const outside = await loadSafetensors(FileAttachment("../w.safetensors"))',
        'const linked = await loadSafetensors(FileAttachment("link.safetensors"))',
      ]),
      { directory: dir },
    );
    open.push(kernel);
    await kernel.settled();
    const cell = (name: string) => kernel.cells().find((c) => c.name === name)!;
    expect((cell("conv").value as LayerValue).shape).toEqual([6, 1, 5, 5]);
    expect(String(cell("w").value)).toBe("w.safetensors: 10 tensors");
    expect((cell("typo").error as Error).message).toBe('w.safetensors: no tensor "conv1.weight"; it holds 0.weight, 0.bias, 3.weight, 3.bias, 7.weight, 7.bias, 9.weight, 9.bias, 11.weight, 11.bias');
    expect((cell("wrongShape").error as Error).message).toBe('w.safetensors: tensor "0.weight" is [6, 1, 5, 5], but the layer it loads into expects [6, 1, 3, 3]');
    expect((cell("bad").error as Error).message).toMatch(/^bad\.safetensors: entry "[\w.]+": data_offsets \[\d+, \d+\] run past the data/);
    expect((cell("outside").error as Error).message).toBe('FileAttachment "../w.safetensors": expected a file inside the notebook\'s folder (a relative path without ..)');
    expect((cell("linked").error as Error).message).toBe('FileAttachment "link.safetensors": expected a file inside the notebook\'s folder; this one links outside it');
    // The bad file made no tensor: the engine holds the good file's ten and no more.
    expect(await kernel.tensorCount()).toBe(10);
  });

  it("loadOnnx gives a model's graph (inputs, outputs, nodes and attributes) and its weights by initializer name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-load-"));
    writeFileSync(join(dir, "tdnn.onnx"), readFileSync(new URL("tdnn.onnx", FIXTURES)));
    const { kernel } = openTest(
      notebookHtml([
        `import {loadOnnx} from "scanbook";`,
        'const model = await loadOnnx(FileAttachment("tdnn.onnx"))',
        "const ops = model.graph.nodes.map((n) => n.opType).join(' ')",
        "const firstStride = model.graph.nodes[0].attributes.get('strides')",
        'const w = model.weights.get("conv1.weight")',
      ]),
      { directory: dir },
    );
    open.push(kernel);
    await kernel.settled();
    const cell = (name: string) => kernel.cells().find((c) => c.name === name)!.value;
    expect(cell("ops")).toBe("Conv Relu Conv Relu Conv ReduceMax Sigmoid");
    expect(cell("firstStride")).toEqual([2]);
    expect((cell("w") as LayerValue).shape).toEqual([8, 16, 6]);
    expect((cell("model") as { graph: { inputs: unknown } }).graph.inputs).toEqual([{ name: "input", shape: ["N", 16, 40] }]);
  });
});
