/**
 * Error messages as a cell shows them. The runtime hands dependants a copy of an upstream
 * error naming the input it came through; these helpers find the cell where it started and
 * turn the transpiler's terse messages into ones that say what to do.
 */

/** Levenshtein distance, for "did you mean" on a misspelt name. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined,
    bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** `export 'conv2dd' not found` from an import of "scanbook" → a message with a suggestion. */
export function explainImportError(error: unknown, available: readonly string[]): unknown {
  if (!(error instanceof Error)) return error;
  const match = /^export '(.+)' not found$/.exec(error.message);
  if (!match) return error;
  const suggestion = closest(match[1], available);
  const hint = suggestion ? ` (did you mean ${suggestion}?)` : "";
  return new Error(`import: "scanbook" has no export "${match[1]}"${hint}`);
}

/** The name of the input a dependant's error came through, as the runtime records it. */
export function inputOf(error: unknown): string | undefined {
  if (error instanceof Error && error.name === "RuntimeError") {
    const input = (error as Error & { input?: unknown }).input;
    if (typeof input === "string") return input;
  }
  return undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A thrown value as text: short, and never itself a throw (a getter, a cycle). */
function describeThrown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 200 ? `${value.slice(0, 199)}…` : value);
  if (value === null || typeof value !== "object") return String(value);
  try {
    const text = JSON.stringify(value);
    if (text !== undefined) return text.length > 200 ? `${text.slice(0, 199)}…` : text;
  } catch {
    /* a cycle, a throwing getter: said by its kind below */
  }
  return Object.prototype.toString.call(value);
}

/**
 * What a cell threw, as an Error: a value that is not one (`throw 42`) would reach the cells
 * that read it as "could not be resolved"; it says what was thrown and where instead.
 */
export function asError(thrown: unknown, label: string): unknown {
  if (thrown instanceof Error) return thrown;
  return new Error(`${label} threw ${describeThrown(thrown)}`);
}
