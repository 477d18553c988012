import { describe, expect, it } from "vitest";
import { loadDigitPixels } from "../../cells/datasets/mnist_source.ts";
import { packedDigitSource } from "../../app/client/packed_digits.ts";
import { packedDigits } from "../../app/export/digits_asset.ts";

describe("the digits a live report carries", () => {
  it("unpack (with the platform's gunzip, as a page does) to exactly the package's digits, in under a tenth of the JSON's size", async () => {
    const packed = await packedDigits();
    expect(packed.levels).toHaveLength(256);
    expect(packed.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(9000);
    const source = packedDigitSource(packed);
    let jsonChars = 0;
    for (let digit = 0; digit < 10; digit++) {
      const original = await loadDigitPixels(digit);
      jsonChars += JSON.stringify(original).length;
      const unpacked = await source(digit);
      expect(unpacked.length, `digit ${digit}`).toBe(original.length);
      expect(
        unpacked.every((v, i) => v === original[i]),
        `digit ${digit}`,
      ).toBe(true);
    }
    console.log(`packed digits: ${(packed.gzipBase64.length / 1024).toFixed(0)} KiB of base64 for ${(jsonChars / 1024).toFixed(0)} KiB of JSON`);
    expect(packed.gzipBase64.length).toBeLessThan(jsonChars / 10);
  });

  it("refuse a packing whose pixel count does not match its counts", async () => {
    const packed = await packedDigits();
    const source = packedDigitSource({ ...packed, counts: packed.counts.map((c, i) => (i === 0 ? c - 1 : c)) });
    await expect(source(3)).rejects.toThrow(/^mnist: the report's digits hold \d+ pixels, \d+ expected$/);
  });
});
