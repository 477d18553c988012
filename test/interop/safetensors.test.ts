import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readSafetensors, writeSafetensors } from "../../kernel/interop/safetensors.ts";

const INTEROP = new URL("../fixtures/interop/", import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, INTEROP)));

/** A safetensors file from a header object and data bytes, as a forger would write it. */
function forged(header: unknown, data: Uint8Array = new Uint8Array(0), lengthField?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(lengthField ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe("readSafetensors", () => {
  it("reads PyTorch's state_dict of the lenet fixture: every tensor by name, shape and value", () => {
    const { tensors } = readSafetensors(fixture("lenet.safetensors"), "lenet.safetensors");
    expect([...tensors.keys()].sort()).toEqual(["0.bias", "0.weight", "11.bias", "11.weight", "3.bias", "3.weight", "7.bias", "7.weight", "9.bias", "9.weight"]);
    expect(tensors.get("0.weight")!.shape).toEqual([6, 1, 5, 5]);
    expect(tensors.get("7.weight")!.shape).toEqual([120, 256]);
    const w = tensors.get("0.weight")!.data;
    expect(w).toBeInstanceOf(Float32Array);
    // PyTorch's default init for a 5 × 5 conv of one channel: uniform in ±1/sqrt(25).
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(0.2);
    expect(new Set(w).size).toBe(150);
  });

  it("reads the batch norm's integer counter and the resnet fixture's statistics", () => {
    const { tensors } = readSafetensors(fixture("resnet_tiny.safetensors"), "resnet_tiny.safetensors");
    const counters = [...tensors.keys()].filter((k) => k.endsWith("num_batches_tracked"));
    for (const k of counters) expect(tensors.get(k)!.shape).toEqual([]);
    expect(tensors.get("block.bn1.running_var")!.shape).toEqual([8]);
    expect(Math.min(...tensors.get("block.bn1.running_var")!.data)).toBeGreaterThan(0);
  });

  it("round-trips what writeSafetensors writes, its data aligned to 8 bytes", () => {
    const a = { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, Number.NaN, -0]) };
    const b = { shape: [], data: Float32Array.from([7]) };
    const bytes = writeSafetensors(
      new Map([
        ["a", a],
        ["b.c", b],
      ]),
      { format: "pt" },
    );
    expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0);
    const back = readSafetensors(bytes, "x");
    expect(back.metadata).toEqual({ format: "pt" });
    expect(Array.from(back.tensors.get("a")!.data)).toEqual([1, -2, 3.5, 0, Number.NaN, -0]);
    expect(back.tensors.get("b.c")).toEqual(b);
  });

  it("converts F16, BF16, F64 and integer dtypes to float32", () => {
    const data = new Uint8Array(2 + 2 + 8 + 4);
    const v = new DataView(data.buffer);
    v.setUint16(0, 0x3c00, true); // F16 1.0
    v.setUint16(2, 0xc040, true); // BF16 -3.0
    v.setFloat64(4, 0.25, true);
    v.setInt32(12, -5, true);
    const { tensors } = readSafetensors(
      forged(
        {
          h: { dtype: "F16", shape: [1], data_offsets: [0, 2] },
          b: { dtype: "BF16", shape: [1], data_offsets: [2, 4] },
          d: { dtype: "F64", shape: [1], data_offsets: [4, 12] },
          i: { dtype: "I32", shape: [1], data_offsets: [12, 16] },
        },
        data,
      ),
      "x",
    );
    expect([...tensors.values()].map((t) => t.data[0])).toEqual([1, -3, 0.25, -5]);
  });

  it("refuses a truncated or corrupt file, naming the file and the entry, and loads nothing", () => {
    const lenet = fixture("lenet.safetensors");
    const f = "lenet.safetensors";
    expect(() => readSafetensors(lenet.subarray(0, 5), f)).toThrow("lenet.safetensors: not a safetensors file: 5 bytes, shorter than the 8-byte header length");
    expect(() => readSafetensors(lenet.subarray(0, 100), f)).toThrow(/^lenet\.safetensors: truncated: the header says it is \d+ bytes, but only 92 follow the length$/);
    expect(() => readSafetensors(lenet.subarray(0, lenet.length - 4), f)).toThrow(
      /^lenet\.safetensors: entry "[\w.]+": data_offsets \[\d+, \d+\] run past the data, which is \d+ bytes \(a truncated file\?\)$/,
    );
    expect(() => readSafetensors(forged("{not json"), f)).toThrow(/^lenet\.safetensors: not a safetensors file: its header is not JSON/);
    expect(() => readSafetensors(forged("[1, 2]"), f)).toThrow("lenet.safetensors: not a safetensors file: its header is not a JSON object");
    expect(() => readSafetensors(forged({}, new Uint8Array(0), 2 ** 40), f)).toThrow("lenet.safetensors: not a safetensors file: its header length 1099511627776 is over the format's 100 MB");
  });

  it("refuses a header that lies about dtypes, shapes or offsets", () => {
    const data = new Uint8Array(32);
    const read = (header: unknown) => () => readSafetensors(forged(header, data), "m.safetensors");
    expect(read({ w: { dtype: "Q4", shape: [2], data_offsets: [0, 8] } })).toThrow('m.safetensors: entry "w": dtype "Q4" is not one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL');
    expect(read({ w: { dtype: "F32", shape: [2, -1], data_offsets: [0, 8] } })).toThrow('m.safetensors: entry "w": shape [2,-1] is not a list of sizes');
    expect(read({ w: { dtype: "F32", shape: [4], data_offsets: [0, 8] } })).toThrow('m.safetensors: entry "w": data_offsets [0, 8] hold 8 bytes, but F32 [4] needs 16');
    expect(read({ w: { dtype: "F32", shape: [2], data_offsets: [8, 0] } })).toThrow('m.safetensors: entry "w": data_offsets [8,0] is not [begin, end] with 0 ≤ begin ≤ end');
    expect(read({ w: { dtype: "F32", shape: [4], data_offsets: [0, 16] }, v: { dtype: "F32", shape: [4], data_offsets: [8, 24] } })).toThrow(
      'm.safetensors: entries "w" and "v" overlap in the data (0-16 and 8-24)',
    );
    expect(read({ w: "F32" })).toThrow('m.safetensors: entry "w": expected {dtype, shape, data_offsets}, got "F32"');
    expect(read({ __metadata__: { a: 1 } })).toThrow('m.safetensors: __metadata__ must map names to strings, got {"a":1}');
  });
});
