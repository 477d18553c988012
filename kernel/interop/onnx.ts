/**
 * An ONNX model as plain data: its graph's inputs and outputs with their shapes, its
 * initializers as float32 tensors, and its nodes with their attributes decoded. The protobuf
 * is read by onnx-proto (the ONNX schema compiled for protobuf.js); nothing here runs a model.
 */
import onnxProto from "onnx-proto";
import { formatShape, sizeOf, type Tensor } from "../tensor/tensor.ts";

const { onnx } = onnxProto;

/** The default-domain opsets read: those PyTorch exports by default. */
export const OPSETS = { min: 13, max: 18 } as const;

/** A tensor of the model, as float32; `integer` when ONNX stored integers (shapes, axes, indices). */
export type OnnxTensor = Tensor & { integer: boolean };

export type AttributeValue = number | string | number[] | string[] | OnnxTensor;

export interface OnnxNode {
  /** The node's name, or `OpType_k` for an unnamed node (k its place in the graph). */
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, AttributeValue>;
}

export interface OnnxValue {
  name: string;
  /** Sizes, or the name of a dynamic axis ("N"), or null for an unnamed unknown one. */
  shape: (number | string | null)[];
}

export interface OnnxGraph {
  file: string;
  opset: number;
  producer: string;
  /** The graph's inputs that are not initializers. */
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  initializers: Map<string, OnnxTensor>;
  nodes: OnnxNode[];
}

type Long = number | { toNumber(): number };
const int = (v: Long | null | undefined): number => (v == null ? 0 : typeof v === "number" ? v : v.toNumber());

/** Reads an ONNX model; `file` names it in every error. */
export function readOnnx(bytes: Uint8Array, file: string): OnnxGraph {
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new Error(`${file}: not an ONNX model, or a truncated one (${(e as Error).message})`);
  }
  const graph = model.graph;
  if (!graph?.node?.length) throw new Error(`${file}: not an ONNX model: it has no graph of nodes`);
  const main = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === "ai.onnx");
  const opset = main ? int(main.version as Long) : 0;
  if (opset < OPSETS.min || opset > OPSETS.max) {
    throw new Error(`${file}: opset ${opset || "(none)"} is not read here; export with opset_version between ${OPSETS.min} and ${OPSETS.max} (PyTorch's defaults)`);
  }
  const initializers = new Map<string, OnnxTensor>();
  for (const t of graph.initializer ?? []) initializers.set(t.name ?? "", tensorOf(t, `${file}: initializer "${t.name}"`));
  const valueOf = (v: onnxProto.onnx.IValueInfoProto): OnnxValue => ({
    name: v.name ?? "",
    shape: (v.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue != null && int(d.dimValue as Long) > 0 ? int(d.dimValue as Long) : null)),
  });
  const counts = new Map<string, number>();
  const nodes = graph.node.map((n): OnnxNode => {
    const opType = n.opType ?? "";
    if (n.domain && n.domain !== "ai.onnx") throw new Error(`${file}: node "${n.name}" is ${n.domain}.${opType}, outside the standard operators`);
    const seen = counts.get(opType) ?? 0;
    counts.set(opType, seen + 1);
    const name = n.name || `${opType}_${seen}`;
    const attributes = new Map<string, AttributeValue>();
    for (const a of n.attribute ?? []) attributes.set(a.name ?? "", attributeOf(a, `${file}: node "${name}" (${opType}), attribute "${a.name}"`));
    return { name, opType, inputs: [...(n.input ?? [])], outputs: [...(n.output ?? [])], attributes };
  });
  return {
    file,
    opset,
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(" "),
    inputs: (graph.input ?? []).filter((v) => !initializers.has(v.name ?? "")).map(valueOf),
    outputs: (graph.output ?? []).map(valueOf),
    initializers,
    nodes,
  };
}

function attributeOf(a: onnxProto.onnx.IAttributeProto, where: string): AttributeValue {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case T.FLOAT:
      return a.f ?? 0;
    case T.INT:
      return int(a.i as Long);
    case T.STRING:
      return new TextDecoder().decode(a.s ?? new Uint8Array());
    case T.FLOATS:
      return [...(a.floats ?? [])];
    case T.INTS:
      return (a.ints ?? []).map((v) => int(v as Long));
    case T.STRINGS:
      return (a.strings ?? []).map((s) => new TextDecoder().decode(s));
    case T.TENSOR:
      return tensorOf(a.t ?? {}, where);
    default:
      throw new Error(`${where}: attributes of type ${T[a.type ?? 0] ?? a.type} are not read`);
  }
}

/** A TensorProto's values as float32 (integers exactly up to 2^24: shapes and indices). */
function tensorOf(t: onnxProto.onnx.ITensorProto, where: string): OnnxTensor {
  const D = onnx.TensorProto.DataType;
  const shape = (t.dims ?? []).map((d) => int(d as Long));
  if (shape.some((d) => d < 0)) throw new Error(`${where}: dims ${formatShape(shape)} are not sizes`);
  if (t.externalData?.length || t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new Error(`${where}: its data is in an external file; export the model with its weights inside (a model under 2 GB)`);
  }
  const n = sizeOf(shape);
  const raw = t.rawData?.length ? t.rawData : undefined;
  const width: Partial<Record<number, number>> = { [D.FLOAT]: 4, [D.DOUBLE]: 8, [D.INT64]: 8, [D.INT32]: 4, [D.INT8]: 1, [D.UINT8]: 1, [D.BOOL]: 1 };
  const type = t.dataType ?? 0;
  if (!width[type]) throw new Error(`${where}: data type ${D[type] ?? type} is not read (FLOAT, DOUBLE, INT64, INT32, INT8, UINT8 and BOOL are)`);
  const data = new Float32Array(n);
  const integer = type !== D.FLOAT && type !== D.DOUBLE;
  if (raw) {
    if (raw.length !== n * width[type]!) throw new Error(`${where}: ${raw.length} bytes of data for ${D[type]} ${formatShape(shape)}, which needs ${n * width[type]!}`);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < n; i++) {
      data[i] =
        type === D.FLOAT
          ? view.getFloat32(i * 4, true)
          : type === D.DOUBLE
            ? view.getFloat64(i * 8, true)
            : type === D.INT64
              ? Number(view.getBigInt64(i * 8, true))
              : type === D.INT32
                ? view.getInt32(i * 4, true)
                : type === D.INT8
                  ? view.getInt8(i)
                  : view.getUint8(i);
    }
    return { shape, data, integer };
  }
  const values: ArrayLike<Long> = type === D.FLOAT ? (t.floatData ?? []) : type === D.DOUBLE ? (t.doubleData ?? []) : type === D.INT64 ? (t.int64Data ?? []) : (t.int32Data ?? []);
  if (values.length !== n) throw new Error(`${where}: ${values.length} values for ${D[type]} ${formatShape(shape)}, which holds ${n}`);
  for (let i = 0; i < n; i++) data[i] = int(values[i]);
  return { shape, data, integer };
}
