import { afterEach, describe, expect, it } from "vitest";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { importedModel, onnxModel, settledNotebook, type ModelSpec } from "../helpers/onnx_models.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

const INT64_MAX = "9223372036854775807"; // as PyTorch writes an open end

/** The model's output cell on `input` (shape, data), and the code of its cells. */
async function compute(spec: ModelSpec, input: { shape: number[]; data: number[] }) {
  const { dir, notebook, html } = importedModel(onnxModel(spec), "m.onnx", input);
  const kernel = await settledNotebook(html, open, dir);
  const out = await (kernel.cells().find((c) => c.name === notebook.outputs[0])!.value as LayerValue).read();
  return { shape: out.shape, data: Array.from(out.data, (v) => Math.round(v * 1e5) / 1e5), code: notebook.cells.map((c) => c.value) };
}

const one = (op: string, attrs: ModelSpec["nodes"][0]["attrs"], inputs: string[] = ["x"], dims: (number | string)[] = ["N", 1, 2, 2]): ModelSpec => ({
  inputs: [{ name: "x", dims }],
  outputs: ["y"],
  nodes: [{ op, inputs, outputs: ["y"], attrs }],
});

describe("ONNX operators as library calls", () => {
  it("Shape → Gather → Unsqueeze → Concat → Reshape (PyTorch's x.view(x.size(0), -1)) becomes one reshape by the input's batch", async () => {
    const r = await compute(
      {
        inputs: [{ name: "x", dims: ["N", 2, 3] }],
        outputs: ["y"],
        nodes: [
          { op: "Shape", inputs: ["x"], outputs: ["s"] },
          { op: "Constant", inputs: [], outputs: ["zero"], value: { name: "zero", dims: [], data: [0], int: true } },
          { op: "Gather", inputs: ["s", "zero"], outputs: ["n"], attrs: { axis: 0 } },
          { op: "Constant", inputs: [], outputs: ["axes"], value: { name: "axes", dims: [1], data: [0], int: true } },
          { op: "Unsqueeze", inputs: ["n", "axes"], outputs: ["n1"] },
          { op: "Constant", inputs: [], outputs: ["rest"], value: { name: "rest", dims: [1], data: [-1], int: true } },
          { op: "Concat", inputs: ["n1", "rest"], outputs: ["shape"], attrs: { axis: 0 } },
          { op: "Reshape", inputs: ["x", "shape"], outputs: ["y"], name: "/Reshape" },
        ],
      },
      { shape: [2, 2, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
    );
    expect(r.code).toContain("const y = reshape(x, [x.shape.at(0), -1])");
    expect(r.shape).toEqual([2, 6]);
    expect(r.data).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it("AveragePool leaves the padding out of the mean unless count_include_pad is 1 (ONNX's default is PyTorch's opposite)", async () => {
    const ones = { shape: [1, 1, 2, 2], data: [1, 1, 1, 1] };
    const pool = (countIncludePad: number) => one("AveragePool", { kernel_shape: [2, 2], strides: [1, 1], pads: [1, 1, 1, 1], count_include_pad: countIncludePad });
    expect((await compute(pool(0), ones)).data).toEqual(new Array(9).fill(1));
    expect((await compute(pool(1), ones)).data).toEqual([0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25]);
  });

  it("MaxPool takes ONNX's strides (default 1, not the kernel size) and ceil_mode", async () => {
    const x = { shape: [1, 1, 3, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9] };
    expect((await compute(one("MaxPool", { kernel_shape: [2, 2] }, ["x"], ["N", 1, 3, 3]), x)).data).toEqual([5, 6, 8, 9]);
    expect((await compute(one("MaxPool", { kernel_shape: [2, 2], strides: [2, 2], ceil_mode: 1 }, ["x"], ["N", 1, 3, 3]), x)).data).toEqual([5, 6, 8, 9]);
  });

  it("Conv with pads that differ between the sides pads first, then convolves", async () => {
    const spec: ModelSpec = {
      inputs: [{ name: "x", dims: ["N", 1, 2, 2] }],
      outputs: ["y"],
      inits: [{ name: "w", dims: [1, 1, 2, 2], data: [1, 1, 1, 1] }],
      nodes: [{ op: "Conv", inputs: ["x", "w"], outputs: ["y"], attrs: { kernel_shape: [2, 2], pads: [0, 0, 1, 1] } }],
    };
    const r = await compute(spec, { shape: [1, 1, 2, 2], data: [1, 2, 3, 4] });
    expect(r.data).toEqual([10, 6, 7, 4]);
    expect(r.code.some((c) => c.includes("conv2d(pad(x, {pad: [0, 1, 0, 1]}), {"))).toBe(true);
  });

  it("Gemm without transB stores B transposed for linear; with a bias C", async () => {
    const spec: ModelSpec = {
      inputs: [{ name: "x", dims: ["N", 2] }],
      outputs: ["y"],
      inits: [
        { name: "B", dims: [2, 3], data: [1, 2, 3, 4, 5, 6] },
        { name: "C", dims: [3], data: [1, 1, 1] },
      ],
      nodes: [{ op: "Gemm", inputs: ["x", "B", "C"], outputs: ["y"], attrs: { alpha: { f: 1 }, beta: { f: 1 } } }],
    };
    expect((await compute(spec, { shape: [1, 2], data: [1, 2] })).data).toEqual([10, 13, 16]);
  });

  it("Pad reorders ONNX's [begins..., ends...] into F.pad's last-axis-first pairs", async () => {
    const spec: ModelSpec = {
      inputs: [{ name: "x", dims: ["N", 1, 2, 2] }],
      outputs: ["y"],
      inits: [{ name: "pads", dims: [8], data: [0, 0, 1, 0, 0, 0, 0, 2], int: true }],
      nodes: [{ op: "Pad", inputs: ["x", "pads"], outputs: ["y"] }],
    };
    const r = await compute(spec, { shape: [1, 1, 2, 2], data: [1, 2, 3, 4] });
    expect(r.shape).toEqual([1, 1, 3, 4]);
    expect(r.data).toEqual([0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0]);
  });

  it("Slice resolves open ends and negative bounds against the input's size", async () => {
    const slice = (starts: number, ends: number | string): ModelSpec => ({
      inputs: [{ name: "x", dims: ["N", 4] }],
      outputs: ["y"],
      inits: [
        { name: "s", dims: [1], data: [starts], int: true },
        { name: "e", dims: [1], data: [ends], int: true },
        { name: "a", dims: [1], data: [1], int: true },
      ],
      nodes: [{ op: "Slice", inputs: ["x", "s", "e", "a"], outputs: ["y"] }],
    });
    const x = { shape: [1, 4], data: [1, 2, 3, 4] };
    const open = await compute(slice(1, INT64_MAX), x);
    expect(open.data).toEqual([2, 3, 4]);
    expect((await compute(slice(-2, -1), x)).data).toEqual([3]);
  });

  it("BatchNormalization in evaluation form, Flatten at axis 2, Transpose, Softmax, ReduceMean and a constant divisor", async () => {
    const spec: ModelSpec = {
      inputs: [{ name: "x", dims: ["N", 2, 1, 2] }],
      outputs: ["y"],
      inits: [
        { name: "scale", dims: [2], data: [2, 1] },
        { name: "shift", dims: [2], data: [0, 1] },
        { name: "mean", dims: [2], data: [1, 2] },
        { name: "var", dims: [2], data: [4, 1] },
      ],
      nodes: [
        { op: "BatchNormalization", inputs: ["x", "scale", "shift", "mean", "var"], outputs: ["b"], attrs: { epsilon: { f: 0 } } },
        { op: "Constant", inputs: [], outputs: ["two"], value: { name: "two", dims: [], data: [2] } },
        { op: "Div", inputs: ["b", "two"], outputs: ["h"] },
        { op: "ReduceMean", inputs: ["h"], outputs: ["y"], attrs: { axes: [2, 3], keepdims: 0 } },
      ],
    };
    // (x - mean) / sqrt(var) * scale + shift, halved, then the mean over each channel's two values.
    const r = await compute(spec, { shape: [1, 2, 1, 2], data: [3, 5, 2, 4] });
    expect(r.data).toEqual([(2 + 4) / 2 / 2, (1 + 3) / 2 / 2]);
    expect(r.code).toContain("const div_2 = div(batch_normalization_0, 2)");
    const flat = await compute(one("Flatten", { axis: 2 }, ["x"], ["N", 2, 3, 4]), { shape: [1, 2, 3, 4], data: Array.from({ length: 24 }, (_, i) => i) });
    expect(flat.shape).toEqual([2, 12]);
    const t = await compute(one("Transpose", { perm: [0, 1, 3, 2] }), { shape: [1, 1, 2, 2], data: [1, 2, 3, 4] });
    expect(t.data).toEqual([1, 3, 2, 4]);
    const s = await compute(one("Softmax", { axis: 1 }, ["x"], ["N", 2]), { shape: [1, 2], data: [0, Math.log(3)] });
    expect(s.data).toEqual([0.25, 0.75]);
  });
});

describe("PyTorch's GELU before opset 20", () => {
  it("imports x · (1 + erf(x / √2)) / 2, node by node, as torch's gelu computes it", async () => {
    const r = await compute(
      {
        inputs: [{ name: "x", dims: ["N", 4] }],
        outputs: ["y"],
        inits: [
          { name: "sqrt2", dims: [], data: [Math.SQRT2] },
          { name: "one", dims: [], data: [1] },
          { name: "half", dims: [], data: [0.5] },
        ],
        nodes: [
          { op: "Div", inputs: ["x", "sqrt2"], outputs: ["d"] },
          { op: "Erf", inputs: ["d"], outputs: ["e"] },
          { op: "Add", inputs: ["e", "one"], outputs: ["a"] },
          { op: "Mul", inputs: ["x", "a"], outputs: ["m"] },
          { op: "Mul", inputs: ["m", "half"], outputs: ["y"] },
        ],
      },
      { shape: [1, 4], data: [-1, 0, 0.5, 2] },
    );
    expect(r.data).toEqual([-0.15866, 0, 0.34573, 1.9545]);
  });
});

describe("ONNX models that cannot be imported", () => {
  const importing = (spec: ModelSpec) => () => importedModel(onnxModel(spec), "bad.onnx");

  it("names the node and the operator when the operator is not supported, and lists what is", () => {
    expect(importing(one("LSTM", {}))).toThrow(
      /^bad\.onnx: node "\/LSTM_0" \(LSTM\): the operator LSTM is not supported; supported: Add, AveragePool, BatchNormalization, Cast, Concat, Constant, Conv, ConvTranspose, Div, Dropout, Elu, Erf, /,
    );
  });

  it("refuses attributes it cannot honour exactly", () => {
    expect(importing(one("Conv", { kernel_shape: [1, 1], auto_pad: "SAME_LOWER" }, ["x", "w"]))).toThrow(/node "\/Conv_0" \(Conv\): input 1 \("w"\) is not made by any earlier node/);
    const conv = (attrs: ModelSpec["nodes"][0]["attrs"]): ModelSpec => ({ ...one("Conv", attrs, ["x", "w"]), inits: [{ name: "w", dims: [1, 1, 1, 1], data: [1] }] });
    expect(importing(conv({ kernel_shape: [1, 1], auto_pad: "SAME_LOWER" }))).toThrow(
      'bad.onnx: node "/Conv_0" (Conv): auto_pad SAME_LOWER is read for convolutions of stride 1 as SAME_UPPER only; export with explicit pads',
    );
    expect(importing(one("MaxPool", { kernel_shape: [2, 2], pads: [0, 0, 1, 1] }))).toThrow(
      'bad.onnx: node "/MaxPool_0" (MaxPool): pads [0, 0, 1, 1] differ between the two sides of an axis, which max pooling here does not do',
    );
    expect(importing(one("BatchNormalization", { training_mode: 1 }))).toThrow(/training_mode 1 is not supported: export the model in evaluation mode/);
    expect(importing(one("Gemm", { alpha: { f: 0.5 } }, ["x", "x"]))).toThrow(/alpha 0.5 and beta 1: only 1 and 1 \(a linear layer\) are supported/);
  });

  it("refuses several inputs, a dynamic axis other than the batch, and opsets outside 13-18", () => {
    expect(
      importing({
        inputs: [
          { name: "a", dims: [1] },
          { name: "b", dims: [1] },
        ],
        outputs: ["y"],
        nodes: [{ op: "Add", inputs: ["a", "b"], outputs: ["y"] }],
      }),
    ).toThrow("bad.onnx: the model has 2 inputs (a, b); models of one input are imported");
    expect(importing(one("Relu", {}, ["x"], ["N", 1, "height", 4]))).toThrow(
      'bad.onnx: input "x" has a dynamic axis 2 ("height"); only the batch axis may be dynamic, so export with a fixed size there',
    );
    expect(importing({ ...one("Relu", {}), opset: 9 })).toThrow("bad.onnx: opset 9 is not read here; export with opset_version between 13 and 18 (PyTorch's defaults)");
  });

  it("refuses a truncated or corrupt file", () => {
    const bytes = onnxModel(one("Relu", {}));
    expect(() => importedModel(bytes.subarray(0, bytes.length - 7), "cut.onnx")).toThrow(/^cut\.onnx: not an ONNX model, or a truncated one \(/);
    expect(() => importedModel(new TextEncoder().encode("<html>not a model</html>"), "page.onnx")).toThrow(/^page\.onnx: not an ONNX model/);
    expect(() => importedModel(new Uint8Array(0), "empty.onnx")).toThrow("empty.onnx: not an ONNX model: it has no graph of nodes");
  });
});
