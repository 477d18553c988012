/** A size in bytes as people read it: 8.6 GB, 512 MB, 12 kB. */
export function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [
    [1e12, "TB"],
    [1e9, "GB"],
    [1e6, "MB"],
    [1e3, "kB"],
  ];
  if (bytes >= 1e15) return `${bytes.toPrecision(2)} bytes`;
  for (const [size, unit] of units) {
    if (bytes >= size) return `${+(bytes / size).toPrecision(bytes / size >= 100 ? 3 : 2)} ${unit}`;
  }
  return `${bytes} bytes`;
}
