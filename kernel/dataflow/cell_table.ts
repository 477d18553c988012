import type { Variable } from "@observablehq/runtime";
import type { CompiledCell } from "./compile.ts";
import type { Counter } from "./definitions.ts";
import type { CellLayout, CellState } from "./kernel_types.ts";

export interface Entry extends CellState {
  variable: Variable;
  /** The variable whose definition makes this value (the cell's own, for a declared name). */
  source: Variable;
  /** Runs of the code that makes this value (the cell's body), and its jobs' time. */
  counter: Counter;
  /** Names the defining code reads. */
  inputs: string[];
  /** The value the runtime gave last: a result waiting for its tensors counts only if still the latest. */
  latest?: unknown;
}

/** One cell of the notebook: its compiled code, the variables it defines and the names it reports. */
export interface CellRecord {
  compiled: CompiledCell;
  variables: Variable[];
  entries: Entry[];
}

/** The notebook's cells in file order, each with its record, and lookups by reported name. */
export class CellTable {
  private readonly records = new Map<number, CellRecord>();
  private order: number[] = [];

  get(id: number): CellRecord | undefined {
    return this.records.get(id);
  }

  /** Sets a cell's record; a new cell goes last, or before the cell `before`. */
  set(id: number, record: CellRecord, before?: number): void {
    if (!this.records.has(id)) {
      const at = before === undefined ? -1 : this.order.indexOf(before);
      if (at < 0) this.order.push(id);
      else this.order.splice(at, 0, id);
    }
    this.records.set(id, record);
  }

  delete(id: number): void {
    this.records.delete(id);
    this.order = this.order.filter((c) => c !== id);
  }

  get ids(): readonly number[] {
    return this.order;
  }

  /** Puts the cells in this order (the ids of the file, every one of them known). */
  reorder(ids: readonly number[]): void {
    this.order = [...ids];
  }

  /** Every reported entry, in notebook order. */
  *entries(): Iterable<Entry> {
    for (const id of this.order) yield* this.records.get(id)!.entries;
  }

  find(name: string): Entry | undefined {
    for (const e of this.entries()) if (e.name === name) return e;
    return undefined;
  }

  layout(): CellLayout[] {
    return this.order.map((id) => {
      const { compiled, entries } = this.records.get(id)!;
      return {
        id,
        mode: compiled.mode,
        source: compiled.source,
        pinned: compiled.pinned,
        names: entries.map((e) => e.name),
        autodisplay: compiled.autodisplay,
        displays: compiled.inputs.includes("display") || compiled.inputs.includes("view"),
      };
    });
  }
}

/** What a cell reports, without the kernel's bookkeeping. */
export function stateOf(entry: Entry): CellState {
  const { variable: _v, source: _s, counter: _c, inputs: _i, latest: _l, ...state } = entry;
  return state;
}
