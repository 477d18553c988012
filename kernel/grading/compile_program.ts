import { transpile, type Cell } from "@observablehq/notebook-kit";
import { parseExpressionAt } from "acorn";
import { simple } from "acorn-walk";
import type { ProgramCell } from "./program.ts";

/** A cell of the program, transpiled by Notebook Kit outside the sandbox (the sandbox gets plain bodies). */
export function compileProgramCell(label: string, mode: Cell["mode"], source: string): ProgramCell {
  try {
    const t = transpile({ id: 0, mode, value: source, pinned: false } as Cell);
    if (importsSomething(t.body)) {
      return { label, inputs: [], outputs: t.outputs ?? [], error: `${label} imports a module; an exercise must stand on its own (plain code on {shape, data} tensors)` };
    }
    return { label, body: t.body, inputs: t.inputs ?? [], outputs: t.output ? [t.output] : (t.outputs ?? []) };
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

/**
 * Whether code reaches for a module (`import(...)`, `import.meta`), read from its syntax tree,
 * since an import with a comment before its parenthesis is an import too. The sandbox also refuses one, but a
 * submission that tries is told why at once.
 */
function importsSomething(body: string): boolean {
  let found = false;
  simple(parseExpressionAt(body, 0, { ecmaVersion: "latest" }), {
    ImportExpression: () => {
      found = true;
    },
    MetaProperty: (node) => {
      if ((node as unknown as { meta: { name: string } }).meta.name === "import") found = true;
    },
  });
  return found;
}
