/**
 * The code a check runs: the exercise cells (the student's) and the given cells (the
 * assignment's), transpiled as Notebook Kit does, so TypeScript and JavaScript cells both
 * work and a cell's top-level functions are its outputs. Nothing else of the notebook is
 * run: no engine, no views, no imports.
 */
export interface ProgramCell {
  /** "exercise conv1d" or "given cell 3": how errors name it. */
  label: string;
  /** The transpiled definition: a function expression of the cell's inputs returning its outputs. */
  body?: string;
  inputs: string[];
  outputs: string[];
  /** Why it cannot run (a syntax error, an import, a missing exercise). */
  error?: string;
}

/** Cells in an order where each comes after the cells whose outputs it reads. */
export function programOrder(cells: readonly ProgramCell[]): ProgramCell[] {
  const producer = new Map<string, ProgramCell>();
  for (const c of cells) for (const o of c.outputs) if (!producer.has(o)) producer.set(o, c);
  const done = new Set<ProgramCell>(),
    visiting = new Set<ProgramCell>(),
    order: ProgramCell[] = [];
  const visit = (c: ProgramCell) => {
    if (done.has(c) || visiting.has(c)) return;
    visiting.add(c);
    for (const i of c.inputs) {
      const p = producer.get(i);
      if (p && p !== c) visit(p);
    }
    visiting.delete(c);
    done.add(c);
    order.push(c);
  };
  cells.forEach(visit);
  return order;
}
