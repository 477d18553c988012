/** A WAV file's samples, mixed down to one channel, as floats in [-1, 1]. */
export interface Audio {
  rate: number;
  samples: Float32Array;
}

/**
 * Reads a RIFF/WAVE file: 8-, 16-, 24- or 32-bit integer PCM, or 32-bit float, any number of
 * channels (averaged). Anything else is an error that says what the file is.
 */
export function readWav(buffer: ArrayBuffer): Audio {
  const view = new DataView(buffer);
  const text = (at: number) => String.fromCharCode(...new Uint8Array(buffer, at, 4));
  if (buffer.byteLength < 12 || text(0) !== "RIFF" || text(8) !== "WAVE") throw new Error("readWav: not a WAV file (no RIFF/WAVE header)");
  let format: { code: number; channels: number; rate: number; bits: number } | undefined;
  for (let at = 12; at + 8 <= buffer.byteLength; ) {
    const id = text(at),
      size = view.getUint32(at + 4, true),
      body = at + 8;
    if (id === "fmt ") {
      format = { code: view.getUint16(body, true), channels: view.getUint16(body + 2, true), rate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
      if (format.code === 0xfffe) format.code = view.getUint16(body + 24, true); // WAVE_FORMAT_EXTENSIBLE: the sub-format
    } else if (id === "data") {
      if (!format) throw new Error("readWav: the data chunk comes before the format chunk");
      return { rate: format.rate, samples: decode(view, body, Math.min(size, buffer.byteLength - body), format) };
    }
    at = body + size + (size % 2);
  }
  throw new Error("readWav: no data chunk");
}

function decode(view: DataView, start: number, bytes: number, f: { code: number; channels: number; bits: number }): Float32Array {
  const width = f.bits / 8;
  const read =
    f.code === 3 && f.bits === 32
      ? (at: number) => view.getFloat32(at, true)
      : f.code !== 1
        ? undefined
        : f.bits === 8
          ? (at: number) => (view.getUint8(at) - 128) / 128
          : f.bits === 16
            ? (at: number) => view.getInt16(at, true) / 32768
            : f.bits === 24
              ? (at: number) => (view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608
              : f.bits === 32
                ? (at: number) => view.getInt32(at, true) / 2147483648
                : undefined;
  if (!read || f.channels < 1) throw new Error(`readWav: unsupported sample format (code ${f.code}, ${f.bits} bits, ${f.channels} channels); expected PCM 8/16/24/32-bit or 32-bit float`);
  const frames = Math.floor(bytes / (width * f.channels));
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let ch = 0; ch < f.channels; ch++) sum += read(start + (i * f.channels + ch) * width);
    samples[i] = sum / f.channels;
  }
  return samples;
}
