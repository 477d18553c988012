/**
 * Models from elsewhere in a notebook: `await loadSafetensors(FileAttachment("model.safetensors"))`
 * gives a state_dict's tensors by PyTorch name, `await loadOnnx(...)` an ONNX model's graph and
 * weights. The file is checked whole before any tensor is made, and each tensor goes to the
 * engine's worker as a transferred buffer (no JSON on the way).
 */
import type { Engine, Run } from "../kernel/dataflow/engine.ts";
import { HOLDS, type LayerValue } from "../kernel/dataflow/layer_value.ts";
import { readOnnx, type OnnxGraph } from "../kernel/interop/onnx.ts";
import { readSafetensors } from "../kernel/interop/safetensors.ts";
import { formatShape, type Tensor } from "../kernel/tensor/tensor.ts";
import { describe } from "./arguments.ts";

/** Tensors of one file by name; `get` says which names there are when asked for another. */
export class TensorFile {
  constructor(
    readonly file: string,
    private readonly tensors: ReadonlyMap<string, LayerValue>,
  ) {}
  /** Every tensor of the file stays in the engine while a cell holds the file (any may be asked for later). */
  [HOLDS](): Iterable<LayerValue> {
    return this.tensors.values();
  }
  get names(): string[] {
    return [...this.tensors.keys()];
  }
  get size(): number {
    return this.tensors.size;
  }
  /** The tensor called `name`; with `shape`, checked to have it (a file of another model fails here, by name). */
  get(name: string, shape?: readonly number[]): LayerValue {
    const t = this.tensors.get(name);
    if (!t) {
      const names = this.names;
      throw new Error(`${this.file}: no tensor "${name}"; it holds ${names.length ? names.slice(0, 12).join(", ") + (names.length > 12 ? `, … (${names.length})` : "") : "none"}`);
    }
    if (shape && (shape.length !== t.shape.length || shape.some((d, i) => d !== t.shape[i]))) {
      throw new Error(`${this.file}: tensor "${name}" is ${formatShape(t.shape)}, but the layer it loads into expects ${formatShape(shape)}`);
    }
    return t;
  }
  toString(): string {
    return `${this.file}: ${this.size} tensor${this.size === 1 ? "" : "s"}`;
  }
}

/** What a loader reads: a FileAttachment (or anything with arrayBuffer()), a URL, or bytes. */
async function bytesOf(source: unknown, who: string): Promise<{ bytes: Uint8Array; name: string }> {
  if (source instanceof Uint8Array) return { bytes: source, name: "the bytes given" };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), name: "the bytes given" };
  if (typeof source === "string") {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`${who}: ${source}: ${response.status} ${response.statusText}`);
    return { bytes: new Uint8Array(await response.arrayBuffer()), name: source };
  }
  const file = source as { name?: unknown; arrayBuffer?: unknown } | null;
  if (file && typeof file.arrayBuffer === "function") {
    const name = typeof file.name === "string" ? file.name : "the file";
    return { bytes: new Uint8Array(await (file.arrayBuffer as () => Promise<ArrayBuffer>)()), name };
  }
  throw new Error(`${who}: expected FileAttachment("name"), a URL or bytes, got ${describe(source)}`);
}

export function interopFunctions(engine: Engine, run: () => Run) {
  /** Every tensor uploaded, or (when the file is bad) none. */
  const upload = (file: string, tensors: ReadonlyMap<string, Tensor>) => new TensorFile(file, new Map([...tensors].map(([name, t]) => [name, engine.upload(run(), t)])));
  return {
    /** The tensors of a safetensors file (a PyTorch state_dict), by name. */
    async loadSafetensors(source: unknown): Promise<TensorFile> {
      const { bytes, name } = await bytesOf(source, "loadSafetensors");
      return upload(name, readSafetensors(bytes, name).tensors);
    },
    /** An ONNX model: its graph (inputs, outputs, nodes with attributes) and its weights by initializer name. */
    async loadOnnx(source: unknown): Promise<{ graph: Omit<OnnxGraph, "initializers">; weights: TensorFile }> {
      const { bytes, name } = await bytesOf(source, "loadOnnx");
      const { initializers, ...graph } = readOnnx(bytes, name);
      return { graph, weights: upload(name, initializers) };
    },
  };
}
