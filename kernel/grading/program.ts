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
  const done = new Set<ProgramCell>(), visiting = new Set<ProgramCell>(), order: ProgramCell[] = [];
  const visit = (c: ProgramCell) => {
    if (done.has(c) || visiting.has(c)) return;
    visiting.add(c);
    for (const i of c.inputs) { const p = producer.get(i); if (p && p !== c) visit(p); }
    visiting.delete(c);
    done.add(c);
    order.push(c);
  };
  cells.forEach(visit);
  return order;
}

/** Each name the program defines: its value, or the error that stands in for it. */
export type ProgramValues = Map<string, { value?: unknown; error?: string }>;

/**
 * Runs the cells' definitions in order. `toFunction` turns a body into a function in the
 * sandbox's realm. A cell that fails makes each of its outputs an error naming it; a cell
 * whose input failed fails too, with the same message.
 */
export function evaluateProgram(
  cells: readonly ProgramCell[], toFunction: (body: string) => (...inputs: unknown[]) => unknown,
  onCell: (label: string) => void = () => {},
): ProgramValues {
  const values: ProgramValues = new Map();
  for (const cell of programOrder(cells)) {
    onCell(cell.label);
    const setAll = (error: string) => { for (const o of cell.outputs) if (!values.has(o)) values.set(o, { error }); };
    if (cell.error || !cell.body) { setAll(cell.error ?? `${cell.label} is empty`); continue; }
    const failedInput = cell.inputs.map((i) => values.get(i)).find((v) => v?.error);
    if (failedInput) { setAll(failedInput.error!); continue; }
    try {
      const out = toFunction(cell.body)(...cell.inputs.map((i) => values.get(i)?.value));
      if (out && typeof (out as { then?: unknown }).then === "function") { setAll(`${cell.label} awaits something; an exercise must run synchronously`); continue; }
      const record = (out ?? {}) as Record<string, unknown>;
      for (const o of cell.outputs) if (!values.has(o)) values.set(o, { value: record[o] });
    } catch (e) {
      setAll(`${cell.label} failed when it was defined: ${(e as Error)?.message ?? String(e)}`);
    }
  }
  return values;
}
