import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toCell, toNotebook } from "@observablehq/notebook-kit";
import onnxProto from "onnx-proto";
import { expect } from "vitest";
import { LIBRARY_NAMES } from "../../cells/library.ts";
import { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { writeNotebook } from "../../kernel/dataflow/headless.ts";
import { readOnnx } from "../../kernel/interop/onnx.ts";
import { importOnnx, type ImportedNotebook } from "../../kernel/interop/onnx_import.ts";
import { writeSafetensors } from "../../kernel/interop/safetensors.ts";
import { openTest } from "./notebooks.ts";

const { onnx } = onnxProto;

/** An attribute: an integer, a float ({f}), a list of integers or floats ({floats}), a string. */
export type Attr = number | { f: number } | number[] | { floats: number[] } | string;

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attrs?: Record<string, Attr>;
  /** A Constant node's value. */
  value?: InitSpec;
}
export interface InitSpec {
  name: string;
  dims: number[];
  /** Values; an int64 beyond 2^53 as its decimal string ("9223372036854775807"). */
  data: (number | string)[];
  /** Stored as INT64 (shapes, axes) rather than FLOAT. */
  int?: boolean;
}
export interface ModelSpec {
  inputs: { name: string; dims: (number | string)[] }[];
  outputs: string[];
  nodes: NodeSpec[];
  inits?: InitSpec[];
  opset?: number;
}

function tensorProto(t: InitSpec): onnxProto.onnx.ITensorProto {
  return t.int
    ? { name: t.name, dims: t.dims, dataType: onnx.TensorProto.DataType.INT64, int64Data: t.data as number[] }
    : { name: t.name, dims: t.dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: t.data.map(Number) };
}

function attribute(name: string, a: Attr): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof a === "number") return { name, type: T.INT, i: a };
  if (typeof a === "string") return { name, type: T.STRING, s: new TextEncoder().encode(a) };
  if (Array.isArray(a)) return { name, type: T.INTS, ints: a };
  if ("f" in a) return { name, type: T.FLOAT, f: a.f };
  return { name, type: T.FLOATS, floats: a.floats };
}

/** An ONNX model written by hand, as protobuf bytes (what torch.onnx.export would write for it). */
export function onnxModel(spec: ModelSpec): Uint8Array {
  const value = (name: string, dims: (number | string)[] = []) => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "a test",
    opsetImport: [{ domain: "", version: spec.opset ?? 13 }],
    graph: {
      name: "test",
      input: spec.inputs.map((i) => value(i.name, i.dims)),
      output: spec.outputs.map((o) => value(o)),
      initializer: (spec.inits ?? []).map(tensorProto),
      node: spec.nodes.map((n, k) => ({
        name: n.name ?? `/${n.op}_${k}`,
        opType: n.op,
        input: n.inputs,
        output: n.outputs,
        attribute: [
          ...Object.entries(n.attrs ?? {}).map(([name, a]) => attribute(name, a)),
          ...(n.value ? [{ name: "value", type: onnx.AttributeProto.AttributeType.TENSOR, t: tensorProto(n.value) }] : []),
        ],
      })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** The model imported into a fresh folder, its input cell holding `input` (shape, data); the notebook's HTML and folder. */
export function importedModel(bytes: Uint8Array, file: string, input?: { shape: number[]; data: number[] }): { dir: string; notebook: ImportedNotebook; html: string } {
  const notebook = importOnnx(readOnnx(bytes, file), { weightsFile: "model.weights.safetensors", reserved: LIBRARY_NAMES });
  const dir = mkdtempSync(join(tmpdir(), "scanbook-import-"));
  writeFileSync(join(dir, "model.weights.safetensors"), writeSafetensors(notebook.weights));
  const cells = notebook.cells.map((c) => {
    if (input && c.value.startsWith(`const ${notebook.input} = `)) return { ...c, value: `const ${notebook.input} = tensor(${JSON.stringify(input.data)}, ${JSON.stringify(input.shape)})` };
    if (c.value.startsWith("import {")) return { ...c, value: c.value.replace("import {", "import {tensor, ") };
    return c;
  });
  const html = writeNotebook(toNotebook({ title: file, cells: cells.map((c, i) => toCell({ id: i + 1, ...c })) }));
  return { dir, notebook, html };
}

/** A notebook opened in process (FileAttachment reading from `directory`), settled with every cell ok; `opened` keeps it for disposal. */
export async function settledNotebook(html: string, opened: NotebookKernel[], directory?: string): Promise<NotebookKernel> {
  const { kernel } = openTest(html, directory ? { directory } : {});
  opened.push(kernel);
  await kernel.settled();
  expect(
    kernel
      .cells()
      .filter((c) => c.status !== "ok")
      .map((c) => `${c.name}: ${String(c.error)}`),
  ).toEqual([]);
  return kernel;
}

/** The value of the cell called `name`, as a tensor. */
export const valueOf = (kernel: NotebookKernel, name: string) => kernel.cells().find((c) => c.name === name)!.value as LayerValue;

/** Each tensor cell's value by the name its cell declares (as scanbook export-model names them). */
export const tensorNames = (kernel: NotebookKernel) => new Map(kernel.cells().flatMap((c) => (c.value instanceof LayerValue ? [[c.value, c.name] as const] : [])));
