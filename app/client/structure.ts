import { toCell, type Cell } from "@observablehq/notebook-kit";
import { DECLARATION, declaredNames } from "../../kernel/dataflow/compile.ts";

/**
 * The notebook's structural changes as pure functions of its cells (in order): each returns
 * a new array and leaves the given one as it was (the page keeps it for undo).
 */

/** A cell id the notebook does not use yet. */
const freshId = (cells: readonly Cell[]) => cells.reduce((max, c) => Math.max(max, c.id), 0) + 1;

/** A new, empty cell of `mode` above or below cell `id`; its id comes back too. */
export function addCell(cells: readonly Cell[], id: number, mode: Cell["mode"], where: "above" | "below"): { cells: Cell[]; id: number } {
  const at = cells.findIndex((c) => c.id === id);
  // Code shows in a cell one adds (pinned), so it can be written; prose shows as prose.
  const made = toCell({ id: freshId(cells), mode, value: "", pinned: mode !== "md" });
  const next = [...cells];
  next.splice(at < 0 ? next.length : where === "above" ? at : at + 1, 0, made);
  return { cells: next, id: made.id };
}

export function deleteCell(cells: readonly Cell[], id: number): Cell[] {
  return cells.filter((c) => c.id !== id);
}

/** Cell `id` moved `by` places (-1 up, +1 down); the same array when it cannot move. */
export function moveCell(cells: Cell[], id: number, by: number): Cell[] {
  const at = cells.findIndex((c) => c.id === id);
  const to = at + by;
  if (at < 0 || to < 0 || to >= cells.length) return cells;
  const next = [...cells];
  const [cell] = next.splice(at, 1);
  next.splice(to, 0, cell);
  return next;
}

/**
 * A copy of cell `id` below it. The names its code declares get a "_copy" suffix (a copy that
 * declared the same names would define them twice); what it computes is the same.
 */
export function duplicateCell(cells: readonly Cell[], id: number): { cells: Cell[]; id: number } {
  const at = cells.findIndex((c) => c.id === id);
  if (at < 0) return { cells: [...cells], id };
  const source = cells[at];
  let value = source.value;
  if (source.mode === "js" || source.mode === "ts") {
    for (const name of declaredNames(value)) {
      const declaration = new RegExp(`${DECLARATION}${name.replace(/\$/g, "\\$")}\\b`, "m");
      value = value.replace(declaration, `$1${name}_copy`);
    }
  }
  const copy: Cell = { ...source, id: freshId(cells), value };
  const next = [...cells];
  next.splice(at + 1, 0, copy);
  return { cells: next, id: copy.id };
}
