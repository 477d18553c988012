import { parseExpressionAt, tokenizer, type Node } from "acorn";
import { compileCell, type CompiledCell, type Importer, type LoopGuard } from "./compile.ts";

// preserveParens: `(1)` is one expression that ends at its closing parenthesis.
const PARSE = { ecmaVersion: "latest", sourceType: "module", allowAwaitOutsideFunction: true, preserveParens: true } as const;

/**
 * The expression of an edit, checked to be exactly one expression (a trailing semicolon
 * allowed): `w2=` or `s2=1; 2` would otherwise make the cell silently undefined.
 */
export function oneExpression(name: string, expression: string): string {
  let node: Node;
  try {
    node = parseExpressionAt(expression, 0, PARSE);
  } catch (error) {
    const what = expression.trim() ? (error as Error).message : "nothing";
    throw new Error(`--edit ${name}: expected one expression after "${name}=", got ${what}`);
  }
  const rest = [...tokenizer(expression.slice(node.end), PARSE)].map((t) => t.type.label);
  if (rest.length > 1 || (rest.length === 1 && rest[0] !== ";")) {
    throw new Error(`--edit ${name}: expected one expression after "${name}=", got more after ${JSON.stringify(expression.slice(0, node.end).trim())}`);
  }
  // In parentheses, so an object literal is one and not a block.
  return `(${expression.slice(0, node.end)})`;
}

/**
 * Compiles `NAME=EXPRESSION` (the CLI's --edit) as a cell whose value is the expression. The
 * expression may call library functions without importing them: those are imported for it.
 * `isCellName` says which names the notebook itself defines (they shadow the library's `libraryNames`).
 */
export function compileEdit(name: string, cell: number, expression: string, isCellName: (n: string) => boolean, libraryNames: readonly string[]): CompiledCell {
  const value = oneExpression(name, expression);
  const compiled = compileCell({ id: cell, value, mode: "js", pinned: false, hidden: false });
  const fromLibrary = compiled.inputs.filter((i) => libraryNames.includes(i) && !isCellName(i));
  if (!fromLibrary.length || !compiled.define) return compiled;
  const imports = `import {${fromLibrary.join(", ")}} from "scanbook";\n`;
  const withImports = compileCell({ id: cell, value: `${imports}const ${name} = ${value};`, mode: "js", pinned: false, hidden: false });
  const original = withImports.define!;
  return {
    ...compiled,
    inputs: withImports.inputs,
    guardSites: withImports.guardSites,
    define: (importer: Importer, guard: LoopGuard) => {
      const body = original(importer, guard);
      return async (...args: unknown[]) => ((await body(...args)) as Record<string, unknown>)[name];
    },
  };
}
