import { parse, parseExpressionAt, type Node } from "acorn";
import { ancestor } from "acorn-walk";

/**
 * Loop protection, as browser code playgrounds do it: every loop body and every function entry
 * of a transpiled cell calls a guard first, so a loop (or a recursion) that keeps the thread
 * busy past a limit throws in its own cell instead of hanging the page or the run.
 */

/** Where a guard call sits: what it guards, and its line in the cell's source when known. */
export interface GuardSite {
  kind: "loop" | "function";
  line?: number;
}

const LOOPS = new Set(["ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"]);
const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

interface Insertion {
  at: number;
  text: string;
  /** Nesting depth of the node guarded: at one position, outer opens go first and inner closes first. */
  depth: number;
  closes: boolean;
}

type Guarded = Node & { body: Node & { body?: Node[] } };

/** A loop or function of the cell as written: its kind, the text before its body, its line. */
interface SourceSite {
  kind: GuardSite["kind"];
  header: string;
  line: number;
}

/**
 * The loops and functions of the cell's source in order, when it parses as JavaScript (a
 * TypeScript cell does not: its lines are then found by searching its text).
 */
function sourceSites(source: string): SourceSite[] | undefined {
  let ast: Node;
  try {
    ast = parse(source, { ecmaVersion: "latest", sourceType: "module", allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true, locations: true });
  } catch {
    return undefined;
  }
  const sites: Array<SourceSite & { start: number }> = [];
  const add = (node: Node, kind: GuardSite["kind"]) => {
    const body = (node as Guarded).body;
    sites.push({ kind, header: source.slice(node.start, body.start).trimEnd(), line: node.loc!.start.line, start: node.start });
  };
  ancestor(ast, {
    Statement(node) {
      if (LOOPS.has(node.type)) add(node, "loop");
    },
    Function(node) {
      if (FUNCTIONS.has(node.type)) add(node, "function");
    },
  });
  return sites.sort((a, b) => a.start - b.start);
}

/**
 * The line of a guarded node of the transpiled body: the next site of the source, in order,
 * of the same kind and header (the transpiler adds functions of its own, never loops, and
 * keeps the code's order); for a cell that does not parse, the header's first occurrence in
 * its text after the last one found.
 */
function lineOf(source: string, sites: SourceSite[] | undefined, kind: GuardSite["kind"], header: string, cursor: { from: number }): number | undefined {
  if (sites) {
    for (let i = cursor.from; i < sites.length; i++) {
      if (sites[i].kind === kind && sites[i].header === header) {
        cursor.from = i + 1;
        return sites[i].line;
      }
    }
    return undefined;
  }
  const at = header ? source.indexOf(header, cursor.from) : -1;
  if (at < 0) return undefined;
  cursor.from = at + 1;
  let line = 1;
  for (let i = 0; i < at; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/** Where a block's statements start, after any directive ("use strict") that must stay first. */
function afterDirectives(block: Guarded["body"]): number {
  let at = block.start + 1;
  for (const statement of block.body ?? []) {
    if (!(statement as Node & { directive?: string }).directive) break;
    at = statement.end;
  }
  return at;
}

/**
 * `body`: a cell's transpiled function expression; `source`: the cell as written (for line
 * numbers). Returns the body with a call `guard(k)` at the top of every loop body and function,
 * and the sites by k.
 */
export function protectLoops(body: string, source: string, guard: string): { body: string; sites: GuardSite[] } {
  const root = parseExpressionAt(body, 0, { ecmaVersion: "latest", sourceType: "module" }) as Node;
  const found: Array<{ node: Guarded; depth: number }> = [];
  ancestor(root, {
    Statement(node, _state, ancestors) {
      if (LOOPS.has(node.type)) found.push({ node: node as Guarded, depth: ancestors.length });
    },
    Function(node, _state, ancestors) {
      if (node !== root && FUNCTIONS.has(node.type)) found.push({ node: node as Guarded, depth: ancestors.length });
    },
  });
  found.sort((a, b) => a.node.start - b.node.start);
  const sites: GuardSite[] = [];
  const insertions: Insertion[] = [];
  const cursor = { from: 0 };
  const written = sourceSites(source);
  for (const { node, depth } of found) {
    const k = sites.length;
    const kind = LOOPS.has(node.type) ? "loop" : "function";
    const line = lineOf(source, written, kind, body.slice(node.start, node.body.start).trimEnd(), cursor);
    sites.push(line === undefined ? { kind } : { kind, line });
    const call = `${guard}(${k})`;
    const inner = node.body;
    if (inner.type === "BlockStatement") {
      // After a directive that has no semicolon of its own, the call must not continue its line.
      insertions.push({ at: afterDirectives(inner), text: `;${call};`, depth, closes: false });
    } else if (kind === "loop") {
      insertions.push({ at: inner.start, text: `{${call};`, depth, closes: false }, { at: inner.end, text: "}", depth, closes: true });
    } else {
      // An arrow with an expression body: the call goes first in a comma expression.
      insertions.push({ at: inner.start, text: `(${call}, `, depth, closes: false }, { at: inner.end, text: ")", depth, closes: true });
    }
  }
  insertions.sort((a, b) => a.at - b.at || Number(b.closes) - Number(a.closes) || (a.closes ? b.depth - a.depth : a.depth - b.depth));
  let out = "",
    last = 0;
  for (const { at, text } of insertions) {
    out += body.slice(last, at) + text;
    last = at;
  }
  return { body: out + body.slice(last), sites };
}
