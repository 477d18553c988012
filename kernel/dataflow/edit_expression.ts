import { compileCell, type CompiledCell, type Importer } from "./compile.ts";

/**
 * Compiles `NAME=EXPRESSION` (the CLI's --edit) as a cell whose value is the expression. The
 * expression may call library functions without importing them: those are imported for it.
 * `isCellName` says which names the notebook itself defines (they shadow the library's `libraryNames`).
 */
export function compileEdit(
  name: string, cell: number, expression: string, isCellName: (n: string) => boolean, libraryNames: readonly string[],
): CompiledCell {
  const compiled = compileCell({ id: cell, value: expression, mode: "js", pinned: false, hidden: false });
  if (compiled.define && compiled.outputs.length) {
    throw new Error(`--edit ${name}: expected an expression, got a declaration of ${compiled.outputs.join(", ")}`);
  }
  const fromLibrary = compiled.inputs.filter((i) => libraryNames.includes(i) && !isCellName(i));
  if (!fromLibrary.length || !compiled.define) return compiled;
  const imports = `import {${fromLibrary.join(", ")}} from "scanbook";\n`;
  const withImports = compileCell({ id: cell, value: `${imports}const ${name} = ${expression};`, mode: "js", pinned: false, hidden: false });
  const original = withImports.define!;
  return {
    ...compiled,
    inputs: withImports.inputs,
    define: (importer: Importer) => {
      const body = original(importer);
      return async (...args: unknown[]) => ((await body(...args)) as Record<string, unknown>)[name];
    },
  };
}
