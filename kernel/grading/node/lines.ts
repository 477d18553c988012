/**
 * A stream's bytes as lines, with a cap on a line's length: a sandbox that sends more than
 * `maxBytes` without a newline is cut off (`tooLong`) instead of filling the grader's memory.
 */
export function lineSplitter(maxBytes: number, onLine: (line: string) => void, tooLong: () => void): (chunk: Buffer) => void {
  let parts: Buffer[] = [],
    size = 0,
    over = false;
  return (chunk) => {
    if (over) return;
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      parts.push(chunk.subarray(start, nl));
      size += nl - start;
      if (size > maxBytes) break;
      const line = Buffer.concat(parts).toString("utf8");
      parts = [];
      size = 0;
      start = nl + 1;
      onLine(line);
    }
    if (size <= maxBytes && start < chunk.length) {
      parts.push(chunk.subarray(start));
      size += chunk.length - start;
    }
    if (size > maxBytes) {
      over = true;
      parts = [];
      tooLong();
    }
  };
}
