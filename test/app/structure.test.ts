import { describe, expect, it } from "vitest";
import { toCell, type Cell } from "@observablehq/notebook-kit";
import { addCell, deleteCell, duplicateCell, moveCell } from "../../app/client/structure.ts";
import { History } from "../../app/client/history.ts";

const cells: Cell[] = [toCell({ id: 1, mode: "md", value: "# Title" }), toCell({ id: 4, value: "const a = 1" }), toCell({ id: 2, value: "function f(x) { return x }\nconst b = f(a)" })];
const ids = (list: readonly Cell[]) => list.map((c) => c.id);

describe("the notebook's structural changes", () => {
  it("adds an empty cell above or below another, with an id no cell has; code cells pinned so they can be written", () => {
    const below = addCell(cells, 4, "ts", "below");
    expect(ids(below.cells)).toEqual([1, 4, 5, 2]);
    expect(below.cells[2]).toMatchObject({ id: 5, mode: "ts", value: "", pinned: true });
    const above = addCell(cells, 1, "md", "above");
    expect(ids(above.cells)).toEqual([5, 1, 4, 2]);
    expect(above.cells[0].pinned).toBe(false);
    expect(ids(cells)).toEqual([1, 4, 2]); // the old list stays as it was (undo keeps it)
  });

  it("moves a cell up and down, and not past either end", () => {
    expect(ids(moveCell(cells, 2, -1))).toEqual([1, 2, 4]);
    expect(ids(moveCell(cells, 1, 1))).toEqual([4, 1, 2]);
    expect(moveCell(cells, 1, -1)).toBe(cells);
    expect(moveCell(cells, 2, 1)).toBe(cells);
  });

  it("deletes a cell", () => {
    expect(ids(deleteCell(cells, 4))).toEqual([1, 2]);
  });

  it("duplicates a cell below it, renaming what its code declares so no name is defined twice", () => {
    const copy = duplicateCell(cells, 2);
    expect(ids(copy.cells)).toEqual([1, 4, 2, 5]);
    expect(copy.cells[3].value).toBe("function f_copy(x) { return x }\nconst b_copy = f(a)");
    expect(duplicateCell(cells, 1).cells[1].value).toBe("# Title"); // prose as it is
  });
});

describe("History", () => {
  it("undoes to the state before each change and redoes it; a new change forgets the redo", () => {
    const h = new History<number>();
    h.push(1); // 1 → 2
    h.push(2); // 2 → 3
    expect(h.undo(3)).toBe(2);
    expect(h.undo(2)).toBe(1);
    expect(h.undo(1)).toBeUndefined();
    expect(h.redo(1)).toBe(2);
    h.push(2); // 2 → 4: the redo of 3 is gone
    expect(h.redo(4)).toBeUndefined();
    expect(h.undo(4)).toBe(2);
  });
});
