import type { Notebook } from "@observablehq/notebook-kit";
import type { GraderBundle } from "./assignment.ts";
import { compileProgramCell, missingExercise } from "./compile_program.ts";
import { roleOrPlain } from "./markup.ts";
import type { ProgramCell } from "./program.ts";

/**
 * The program a submission is graded on: its exercise cells, found by name wherever they are
 * (cells added, moved or deleted around them do not matter), and the assignment's own given
 * cells. Everything else the student changed is left out and said in a note, never counted.
 */
export function submissionProgram(bundle: GraderBundle, notebook: Notebook): { program: ProgramCell[]; notes: string[] } {
  const notes: string[] = [];
  const found = new Map<string, { mode: "js" | "ts"; source: string }>();
  const others: string[] = [];
  for (const cell of notebook.cells) {
    if (cell.mode !== "js" && cell.mode !== "ts") {
      others.push(cell.value);
      continue;
    }
    const role = roleOrPlain(cell.value);
    if (role.role === "exercise" && bundle.exercises.some((e) => e.name === role.name)) {
      if (found.has(role.name)) notes.push(`exercise ${role.name} appears twice; the first was graded`);
      else found.set(role.name, { mode: cell.mode, source: cell.value });
    } else {
      others.push(cell.value);
    }
  }
  const program: ProgramCell[] = bundle.given.map((g) => compileProgramCell(g.label, g.mode, g.source));
  for (const exercise of bundle.exercises) {
    const cell = found.get(exercise.name);
    program.push(cell ? compileProgramCell(`exercise ${exercise.name}`, cell.mode, cell.source) : missingExercise(exercise.name, exercise.functions));
    if (!cell) notes.push(`exercise ${exercise.name} is missing (no cell starts with // @exercise ${exercise.name})`);
  }
  const submitted = new Set(others);
  const changed = bundle.studentCells.filter((c) => !submitted.has(c)).length;
  if (changed) notes.push(`${changed} of the assignment's other cells were changed or deleted; the grader used the assignment's own`);
  return { program, notes };
}
