import { transpile, type Cell, type Notebook } from "@observablehq/notebook-kit";
import { cellRole, hasSolution, stripSolutions } from "./markup.ts";
import { checkSpec, type CheckOptions, type CheckSpec } from "./spec.ts";

/** What the grader needs and the student must not see: the checks (hidden ones too) and the given code. */
export interface GraderBundle {
  format: "scanbook-assignment/1";
  title: string;
  /** Each exercise, by name, with the functions its solution defines. */
  exercises: Array<{ name: string; functions: string[] }>;
  /** Code the exercises may call; always the assignment's copy. */
  given: Array<{ label: string; mode: Cell["mode"]; source: string }>;
  checks: CheckSpec[];
  /** The student version's other cells, to tell a student their edits there were not used. */
  studentCells: string[];
}

export interface Assignment {
  student: Notebook;
  bundle: GraderBundle;
}

/** The functions a cell defines (its top-level declarations), by Notebook Kit's transpiler. */
function outputsOf(cell: Cell): string[] {
  const t = transpile(cell);
  return t.output ? [t.output] : (t.outputs ?? []);
}

/**
 * Reads the check of a check cell by running its definition with a recorder for `check`
 * and, for every other name it reads, a function of that name: the spec must be literal, so
 * it can be stored without the notebook around it.
 */
function specOf(cell: Cell, where: string): { title: unknown; fn: string; options: CheckOptions } {
  const t = transpile(cell);
  if (!t.inputs?.includes("check")) throw new Error(`${where} is marked @check but does not call check(title, fn, options)`);
  const calls: Array<{ title: unknown; fn: string; options: CheckOptions }> = [];
  const inputs = t.inputs.map((name) =>
    name === "check"
      ? (title: unknown, fn: unknown, options: CheckOptions) => {
          if (typeof fn !== "function") throw new Error(`${where}: check's second argument should be the exercise function`);
          calls.push({ title, fn: fn.name, options });
        }
      : Object.defineProperty(() => {}, "name", { value: name }),
  );
  // The author's own check cell, evaluated once to read its literal options.
  const result = new Function(`return (${t.body});`)()(...inputs);
  if (result instanceof Promise) throw new Error(`${where}: a check cell should not await or import anything`);
  if (calls.length !== 1) throw new Error(`${where}: a check cell calls check once (it calls it ${calls.length} times)`);
  return calls[0];
}

/** Whether a plain cell calls check (a cell that does not compile is the notebook's own business). */
function callsCheck(cell: Cell): boolean {
  if (!/\bcheck\s*\(/.test(cell.value)) return false;
  try {
    return !!transpile(cell).inputs?.includes("check");
  } catch {
    return false;
  }
}

/** Splits an instructor's notebook into the student's notebook and the grader's bundle. */
export function buildAssignment(source: Notebook): Assignment {
  const exercises: GraderBundle["exercises"] = [],
    given: GraderBundle["given"] = [],
    checks: CheckSpec[] = [];
  const studentCells: Cell[] = [];
  source.cells.forEach((cell, i) => {
    const where = `cell ${i + 1}`;
    if (cell.mode !== "js" && cell.mode !== "ts") {
      studentCells.push(cell);
      return;
    }
    const role = cellRole(cell.value);
    switch (role.role) {
      case "exercise": {
        if (exercises.some((e) => e.name === role.name)) throw new Error(`${where}: exercise ${role.name} is defined twice`);
        if (!hasSolution(cell.value)) throw new Error(`${where}: exercise ${role.name} has no // BEGIN SOLUTION ... // END SOLUTION region`);
        exercises.push({ name: role.name, functions: outputsOf(cell) });
        studentCells.push({ ...cell, value: stripSolutions(cell.value, role.name) });
        break;
      }
      case "given":
        given.push({ label: `given ${where}`, mode: cell.mode, source: cell.value });
        studentCells.push(cell);
        break;
      case "check": {
        const { title, fn, options } = specOf(cell, where);
        checks.push({ ...checkSpec(title, fn, options), hidden: role.hidden, points: role.points });
        if (!role.hidden) studentCells.push(cell);
        break;
      }
      case "instructor":
        break;
      default:
        if (callsCheck(cell)) throw new Error(`${where} calls check but has no // @check line (is it public or hidden?)`);
        studentCells.push(cell);
    }
  });
  const defined = new Set(exercises.flatMap((e) => e.functions));
  for (const c of checks) {
    if (!defined.has(c.function)) throw new Error(`check "${c.name}" tests ${c.function}, which no exercise defines`);
  }
  if (!exercises.length) throw new Error("no exercise: mark the cells students write with // @exercise NAME");
  const titles = new Set<string>();
  for (const c of checks) {
    if (titles.has(c.name)) throw new Error(`two checks are called "${c.name}"`);
    titles.add(c.name);
  }
  const student: Notebook = { ...source, cells: studentCells };
  const bundle: GraderBundle = {
    format: "scanbook-assignment/1",
    title: source.title,
    exercises,
    given,
    checks,
    studentCells: studentCells.filter((c) => cellRole(c.value).role !== "exercise").map((c) => c.value),
  };
  return { student, bundle };
}
