/** An ONNX model written as protobuf (by onnx-proto) from a plain description of its graph. */
import onnxProto from "onnx-proto";
import type { Tensor } from "../tensor/tensor.ts";

const { onnx } = onnxProto;

/** The opset written: 13, what PyTorch exports by default and what every op here has in it. */
export const WRITTEN_OPSET = 13;

/** An attribute: an integer, a float ({f}), a list of integers, a string. */
export type AttrValue = number | { f: number } | number[] | string;

export interface NodeOut {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

export interface GraphSpec {
  name: string;
  inputs: { name: string; shape: readonly number[] }[];
  outputs: { name: string; shape: readonly number[] }[];
  /** `int`: written as INT64 (shapes, axes, pads), else FLOAT. */
  initializers: { name: string; tensor: Tensor; int?: boolean }[];
  nodes: NodeOut[];
  /** The inputs' and outputs' first axis is a dynamic batch ("N"). */
  batchAxis?: boolean;
}

function attribute(name: string, a: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof a === "number") return { name, type: T.INT, i: a };
  if (typeof a === "string") return { name, type: T.STRING, s: new TextEncoder().encode(a) };
  if (Array.isArray(a)) return { name, type: T.INTS, ints: a };
  return { name, type: T.FLOAT, f: a.f };
}

function tensorProto(name: string, t: Tensor, int: boolean): onnxProto.onnx.ITensorProto {
  const D = onnx.TensorProto.DataType;
  if (int) return { name, dims: [...t.shape], dataType: D.INT64, int64Data: Array.from(t.data) };
  const f32 = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
  // Little-endian raw bytes, as PyTorch writes initializers.
  return { name, dims: [...t.shape], dataType: D.FLOAT, rawData: new Uint8Array(f32.buffer.slice(f32.byteOffset, f32.byteOffset + f32.byteLength)) };
}

const valueInfo = (name: string, shape: readonly number[], batch = false) => ({
  name,
  type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: shape.map((d, i) => (batch && i === 0 ? { dimParam: "N" } : { dimValue: d })) } } },
});

export function encodeOnnx(graph: GraphSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "scanbook",
    opsetImport: [{ domain: "", version: WRITTEN_OPSET }],
    graph: {
      name: graph.name,
      input: graph.inputs.map((i) => valueInfo(i.name, i.shape, graph.batchAxis)),
      output: graph.outputs.map((o) => valueInfo(o.name, o.shape, graph.batchAxis)),
      initializer: graph.initializers.map((i) => tensorProto(i.name, i.tensor, i.int === true)),
      node: graph.nodes.map((n) => ({ name: n.name, opType: n.opType, input: n.inputs, output: n.outputs, attribute: Object.entries(n.attrs).map(([k, a]) => attribute(k, a)) })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
