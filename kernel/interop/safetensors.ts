/**
 * The safetensors format (what `safetensors.torch.save_file` writes): an 8-byte little-endian
 * header length, a JSON header `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?}`,
 * then the raw little-endian data, offsets counted from the end of the header. Everything is
 * checked before a tensor is made, so a file that lies about itself loads nothing.
 */
import { formatShape, sizeOf, type Tensor } from "../tensor/tensor.ts";

/** Bytes per element of the dtypes read; all are converted to float32 (integers exactly up to 2^24). */
const DTYPE_BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1 };

/** A header over this many bytes is refused before it is decoded (the format caps it at 100 MB). */
const MAX_HEADER = 100_000_000;

export interface SafetensorsFile {
  /** Tensors in the header's order, by name, as float32. */
  tensors: Map<string, Tensor>;
  /** The header's `__metadata__` (strings), if any. */
  metadata: Record<string, string>;
}

/** Reads a safetensors file; `file` names it in every error. */
export function readSafetensors(bytes: Uint8Array, file: string): SafetensorsFile {
  const fail = (why: string): never => {
    throw new Error(`${file}: ${why}`);
  };
  if (bytes.length < 8) fail(`not a safetensors file: ${bytes.length} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER) fail(`not a safetensors file: its header length ${headerLength} is over the format's 100 MB`);
  if (8 + headerLength > bytes.length) fail(`truncated: the header says it is ${headerLength} bytes, but only ${bytes.length - 8} follow the length`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    fail(`not a safetensors file: its header is not JSON (${(e as Error).message})`);
  }
  if (!header || typeof header !== "object" || Array.isArray(header)) fail("not a safetensors file: its header is not a JSON object");
  const data = bytes.subarray(8 + headerLength);
  const entries: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      metadata = checkMetadata(entry, fail);
      continue;
    }
    const at = `entry "${name}"`;
    if (!entry || typeof entry !== "object") fail(`${at}: expected {dtype, shape, data_offsets}, got ${JSON.stringify(entry)}`);
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (typeof dtype !== "string" || !(dtype in DTYPE_BYTES)) fail(`${at}: dtype ${JSON.stringify(dtype)} is not one of ${Object.keys(DTYPE_BYTES).join(", ")}`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) fail(`${at}: shape ${JSON.stringify(shape)} is not a list of sizes`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
      fail(`${at}: data_offsets ${JSON.stringify(offsets)} is not [begin, end] with 0 ≤ begin ≤ end`);
    }
    const [begin, end] = offsets as number[];
    const need = sizeOf(shape as number[]) * DTYPE_BYTES[dtype as string];
    if (end - begin !== need) fail(`${at}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but ${dtype} ${formatShape(shape as number[])} needs ${need}`);
    if (end > data.length) fail(`${at}: data_offsets [${begin}, ${end}] run past the data, which is ${data.length} bytes (a truncated file?)`);
    entries.push({ name, dtype: dtype as string, shape: shape as number[], begin, end });
  }
  // The format stores tensors back to back: overlapping ranges mean a forged header.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].begin < sorted[i - 1].end)
      fail(`entries "${sorted[i - 1].name}" and "${sorted[i].name}" overlap in the data (${sorted[i - 1].begin}-${sorted[i - 1].end} and ${sorted[i].begin}-${sorted[i].end})`);
  }
  const tensors = new Map<string, Tensor>();
  for (const e of entries) tensors.set(e.name, { shape: e.shape, data: decode(data.subarray(e.begin, e.end), e.dtype) });
  return { tensors, metadata };
}

function checkMetadata(entry: unknown, fail: (why: string) => never): Record<string, string> {
  if (!entry || typeof entry !== "object" || Array.isArray(entry) || !Object.values(entry).every((v) => typeof v === "string")) {
    fail(`__metadata__ must map names to strings, got ${JSON.stringify(entry)}`);
  }
  return entry as Record<string, string>;
}

/** Little-endian values of one dtype as float32. */
function decode(bytes: Uint8Array, dtype: string): Float32Array {
  const n = bytes.length / DTYPE_BYTES[dtype];
  const out = new Float32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) out[i] = element(view, i, dtype);
  return out;
}

function element(view: DataView, i: number, dtype: string): number {
  switch (dtype) {
    case "F32":
      return view.getFloat32(i * 4, true);
    case "F64":
      return view.getFloat64(i * 8, true);
    case "F16":
      return halfToFloat(view.getUint16(i * 2, true));
    case "BF16":
      return new Float32Array(new Uint32Array([view.getUint16(i * 2, true) << 16]).buffer)[0];
    case "I64":
      return Number(view.getBigInt64(i * 8, true));
    case "I32":
      return view.getInt32(i * 4, true);
    case "I16":
      return view.getInt16(i * 2, true);
    case "I8":
      return view.getInt8(i);
    default: // U8, BOOL
      return view.getUint8(i);
  }
}

/** IEEE 754 half precision → a number. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f,
    fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * Writes float32 tensors as safetensors, in the given order, the header padded with spaces to a
 * multiple of 8 bytes so every tensor's data is aligned (as the reference writer does).
 */
export function writeSafetensors(tensors: ReadonlyMap<string, Tensor> | Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  const list = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  const header: Record<string, unknown> = Object.keys(metadata).length ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, t] of list) {
    if (name === "__metadata__") throw new Error('writeSafetensors: "__metadata__" is the format\'s own entry, not a tensor name');
    const bytes = sizeOf(t.shape) * 4;
    header[name] = { dtype: "F32", shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  const encoder = new TextEncoder();
  while (encoder.encode(json).length % 8) json += " ";
  const headerBytes = encoder.encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const [, t] of list) {
    const f32 = t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
    out.set(new Uint8Array(f32.buffer, f32.byteOffset, f32.byteLength), at);
    at += f32.byteLength;
  }
  return out;
}
