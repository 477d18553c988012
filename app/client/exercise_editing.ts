import { transpile, type Cell } from "@observablehq/notebook-kit";
import { roleOrPlain } from "../../kernel/grading/markup.ts";
import type { LiveEdit } from "./editor.ts";

/** How long typing must pause before an exercise cell applies itself. */
const EXERCISE_IDLE_MS = 500;

function compiles(mode: Cell["mode"], source: string): boolean {
  try {
    transpile({ id: 0, mode, value: source, pinned: false } as Cell);
    return true;
  } catch {
    return false;
  }
}

/**
 * Exercise cells apply themselves as the student types (once the code compiles, so a half-typed
 * line does not flash a syntax error), and their checks re-run: the live feedback of an
 * assignment. Other cells wait for Shift-Enter, as in Observable and Jupyter.
 */
export function liveEditFor(cell: Pick<Cell, "mode" | "value">): LiveEdit | undefined {
  if (cell.mode !== "js" && cell.mode !== "ts") return undefined;
  if (roleOrPlain(cell.value).role !== "exercise") return undefined;
  return { idleMs: EXERCISE_IDLE_MS, ready: (source) => compiles(cell.mode, source) };
}
