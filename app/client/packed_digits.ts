import type { DigitSource } from "../../cells/datasets/mnist_source.ts";
import type { PackedDigits } from "../export/digits_asset.ts";

/**
 * The digits a live report carries (see app/export/digits_asset.ts), unpacked in the page
 * with the browser's own gunzip: no request leaves the page.
 */
export function packedDigitSource(packed: PackedDigits): DigitSource {
  let unpacked: Promise<number[][]> | undefined;
  const unpack = async (): Promise<number[][]> => {
    const gzipped = Uint8Array.from(atob(packed.gzipBase64), (c) => c.charCodeAt(0));
    const stream = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream("gzip"));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    const digits: number[][] = [];
    let at = 0;
    for (const count of packed.counts) {
      const pixels = new Array<number>(count * 784);
      for (let i = 0; i < pixels.length; i++) pixels[i] = packed.levels[bytes[at++]];
      digits.push(pixels);
    }
    if (at !== bytes.length) throw new Error(`mnist: the report's digits hold ${bytes.length} pixels, ${at} expected`);
    return digits;
  };
  return async (digit) => (await (unpacked ??= unpack()))[digit];
}
