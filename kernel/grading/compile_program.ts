import { transpile, type Cell } from "@observablehq/notebook-kit";
import type { ProgramCell } from "./program.ts";

/** A cell of the program, transpiled by Notebook Kit outside the sandbox (the sandbox gets plain bodies). */
export function compileProgramCell(label: string, mode: Cell["mode"], source: string): ProgramCell {
  try {
    const t = transpile({ id: 0, mode, value: source, pinned: false } as Cell);
    if (/\bimport\s*\(/.test(t.body)) {
      return { label, inputs: [], outputs: t.outputs ?? [], error: `${label} imports a module; an exercise must stand on its own (plain code on {shape, data} tensors)` };
    }
    return { label, body: t.body, inputs: t.inputs ?? [], outputs: t.output ? [t.output] : t.outputs ?? [] };
  } catch (e) {
    return { label, inputs: [], outputs: declaredNames(source), error: `${label} does not compile: ${(e as Error).message}` };
  }
}

/** Top-level function and const names, read loosely, so a cell that does not compile still says what it would define. */
function declaredNames(source: string): string[] {
  return [...source.matchAll(/^(?:export\s+)?(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
}

/** A missing exercise still says which functions it should define, so checks of them fail with why. */
export function missingExercise(name: string, functions: string[]): ProgramCell {
  return { label: `exercise ${name}`, inputs: [], outputs: functions, error: `exercise ${name} is missing from the submission (no cell starts with // @exercise ${name})` };
}

