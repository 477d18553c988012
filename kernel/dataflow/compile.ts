import { parseExpressionAt, type Node, type Pattern } from "acorn";
import { ancestor, simple } from "acorn-walk";
import { transpile, type Cell } from "@observablehq/notebook-kit";
import { protectLoops, type GuardSite } from "./loop_protection.ts";

/** How a cell's `import(...)` is answered: the cell's own loader, not the page's. */
export type Importer = (specifier: string) => Promise<unknown>;

/** A definition for the runtime, made once the cell's importer is known. */
export type Definition = (...inputs: unknown[]) => unknown;

/** What every loop body and function entry of the cell calls (see loop_watch.ts); it throws to stop a runaway loop. */
export type LoopGuard = (site: number) => void;

export interface CompiledCell {
  id: number;
  mode: Cell["mode"];
  source: string;
  /** Notebook Kit's `pinned`: its code is shown beside its output, not only behind "edit". */
  pinned: boolean;
  /** Names the cell declares at top level (imports included); empty for an anonymous cell. */
  outputs: string[];
  /** Names it reads from other cells or builtins. */
  inputs: string[];
  /** Outputs that are imported names rather than the cell's own values. */
  imported: string[];
  /** Whether its value is shown (an expression cell, markdown); declarations are not. */
  autodisplay: boolean;
  /** Its loops and functions, by the number its guard is called with. */
  guardSites: GuardSite[];
  /**
   * Whether everything it runs, it runs before its definition returns: it neither awaits nor
   * yields and defines no function or class (a callback could run later).
   */
  synchronous: boolean;
  /** The definition; absent when the cell does not compile, with `error` saying why. */
  define?: (importer: Importer, guard: LoopGuard) => Definition;
  error?: Error;
}

const IMPORTER = "__scanbook_import";
const GUARD = "__scanbook_loop";
const RESERVED = /__scanbook_/;

/**
 * Sends every dynamic import of the transpiled body to a loader passed in, so "scanbook" and
 * the plotting libraries resolve to local modules (no CDN) and each cell gets its own library.
 */
function routeImports(body: string): { body: string; imported: string[]; synchronous: boolean } {
  const ast = parseExpressionAt(body, 0, { ecmaVersion: "latest", sourceType: "module" }) as Node;
  const edits: Array<[number, number]> = [];
  const imported: string[] = [];
  ancestor(ast, {
    ImportExpression(node, _state, ancestors) {
      const source = (node as unknown as { source: Node }).source;
      edits.push([node.start, source.start]);
      // The transpiler turns `import {a} from "m"` into `const {a} = await import("m")...`.
      const declarator = [...ancestors].reverse().find((a) => a.type === "VariableDeclarator");
      if (declarator) patternNames((declarator as unknown as { id: Pattern }).id, imported);
    },
  });
  let out = body;
  for (const [start, end] of edits.sort((a, b) => b[0] - a[0])) {
    out = `${out.slice(0, start)}${IMPORTER}(${out.slice(end)}`;
  }
  return { body: out, imported, synchronous: isSynchronous(ast) };
}

/** The transpiled cell (a function expression) is not async or a generator, and holds no function, class, await or yield. */
function isSynchronous(cell: Node): boolean {
  const outer = cell as Node & { async?: boolean; generator?: boolean; body?: Node };
  if (outer.async || outer.generator || !outer.body) return false;
  let synchronous = true;
  const later = () => {
    synchronous = false;
  };
  simple(outer.body, {
    Function: later,
    Class: later,
    AwaitExpression: later,
    YieldExpression: later,
  });
  return synchronous;
}

function patternNames(pattern: Pattern, names: string[]): void {
  switch (pattern.type) {
    case "Identifier":
      names.push(pattern.name);
      break;
    case "ObjectPattern":
      for (const p of pattern.properties) patternNames(p.type === "RestElement" ? p.argument : p.value, names);
      break;
    case "ArrayPattern":
      for (const p of pattern.elements) if (p) patternNames(p, names);
      break;
    case "RestElement":
      patternNames(pattern.argument, names);
      break;
    case "AssignmentPattern":
      patternNames(pattern.left, names);
      break;
  }
}

/** Transpiles a cell with Notebook Kit's own transpiler; a syntax error becomes the cell's error. */
export function compileCell(cell: Cell): CompiledCell {
  const base = { id: cell.id, mode: cell.mode, source: cell.value, pinned: cell.pinned === true };
  try {
    // The transform's own names: a cell that declared or read them could turn its guard off.
    if (RESERVED.test(cell.value)) throw new Error("names that start with __scanbook_ are Scanbook's own; rename yours");
    const t = transpile(cell);
    const routed = routeImports(t.body);
    const { body, sites } = protectLoops(routed.body, cell.value, GUARD);
    const imported = routed.imported;
    const define = (importer: Importer, guard: LoopGuard): Definition =>
      // The body is a function expression produced by the transpiler from the cell's source.
      new Function(IMPORTER, GUARD, `return (${body});`)(importer, guard) as Definition;
    return {
      ...base,
      guardSites: sites,
      synchronous: routed.synchronous,
      outputs: t.output ? [t.output] : (t.outputs ?? []),
      inputs: t.inputs ?? [],
      imported: imported.filter((name) => t.outputs?.includes(name)),
      autodisplay: !!t.autodisplay,
      define,
    };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const message = e.name === "SyntaxError" ? `SyntaxError: ${e.message}` : e.message;
    // The names the cell means to declare, read off its text: they fail with its error, so
    // cells that read them wait on it ("waits on w2") instead of finding no such name.
    const outputs = cell.mode === "js" || cell.mode === "ts" ? declaredNames(cell.value) : [];
    return { ...base, outputs, inputs: [], imported: [], autodisplay: !outputs.length, guardSites: [], synchronous: false, error: new Error(message, { cause: e }) };
  }
}

/** The start of a top-level declaration, up to its name: what declaredNames reads and duplicating a cell renames. */
export const DECLARATION = String.raw`^((?:export\s+)?(?:const|let|var|(?:async\s+)?function\*?|class)\s+)`;

/**
 * Top-level names a cell's source declares, found by their keywords at the start of a line
 * (for a cell that does not parse: a best guess, never more than it says).
 */
export function declaredNames(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(new RegExp(`${DECLARATION}([A-Za-z_$][\\w$]*)`, "gm"))) names.add(m[2]);
  return [...names].filter((name) => !name.startsWith("__scanbook_"));
}
