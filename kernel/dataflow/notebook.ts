import { Runtime, type Module, type Variable, type VariableDefinition } from "@observablehq/runtime";
import type { Cell } from "@observablehq/notebook-kit";
import { compileCell, type CompiledCell } from "./compile.ts";
import { cellDefinition, type Counter, type DefinitionContext } from "./definitions.ts";
import { compileEdit } from "./edit_expression.ts";
import { Engine } from "./engine.ts";
import { inputOf, messageOf } from "./errors.ts";
import { CellTable, stateOf, type CellRecord, type Entry } from "./cell_table.ts";
import type { CellLayout, CellState, KernelOptions, Status } from "./kernel_types.ts";
import { LayerValue, layerValuesIn } from "./layer_value.ts";
import { LibraryHandles } from "./library_handles.ts";
import { LoopWatch } from "./loop_watch.ts";

/** How long a loop may keep a page busy before it throws, unless the options say otherwise. */
export const DEFAULT_LOOP_LIMIT_MS = 5000;

/**
 * A notebook on the Observable runtime: each cell a variable (and each declared name one more),
 * its tensors in the engine worker. Tracks what each cell did so tests, the CLI and the page
 * can ask "settled?" and "what ran?"; cells can be replaced, added and removed while it runs.
 */
export class NotebookKernel {
  readonly engine: Engine;
  private readonly runtime: Runtime;
  private readonly main: Module;
  private readonly table = new CellTable();
  private readonly definitions = new Map<Variable, [string | null, string[], VariableDefinition]>();
  private readonly pending = new Set<Entry>();
  /** Variable name → the reported name that stands for it (an imported name → its cell). */
  private readonly owners = new Map<string, string>();
  private waiters: Array<() => void> = [];
  private disposed = false;
  private workerRestarted = false;
  private readonly context: DefinitionContext;

  constructor(
    cells: readonly Cell[],
    private readonly options: KernelOptions,
  ) {
    this.engine = new Engine(options.spawn);
    this.engine.client.onRestart(() => {
      this.workerRestarted = true;
    });
    if (options.tensorBudgetBytes !== undefined) this.engine.budgetBytes = options.tensorBudgetBytes;
    this.engine.trainingRedrawMs = options.trainingRedrawMs ?? 0;
    this.context = {
      engine: this.engine,
      handles: new LibraryHandles(this.engine, options.library, {
        sources: () => this.table.ids.map((id) => this.table.get(id)!.compiled).map((c) => ({ mode: c.mode, source: c.source })),
      }),
      watch: new LoopWatch(options.loopLimitMs ?? DEFAULT_LOOP_LIMIT_MS, options.busy, options.loopDeadline),
      options,
      onStart: options.busy,
    };
    this.runtime = new Runtime(options.builtins ?? {});
    this.main = this.runtime.module();
    for (const cell of cells) this.setCell(cell);
  }

  private isObserved(name: string): boolean {
    const observe = this.options.observe ?? "all";
    return observe === "all" || observe.includes(name);
  }

  private define(variable: Variable, name: string | null, inputs: string[], definition: VariableDefinition): void {
    this.definitions.set(variable, [name, inputs, definition]);
    variable.define(name, inputs, definition);
  }

  private addEntry(record: CellRecord, name: string, variable: Variable, source: Variable, counter: Counter): void {
    const entry: Entry = { name, cell: record.compiled.id, status: "pending", variable, source, counter, inputs: record.compiled.inputs };
    this.owners.set(name, name);
    record.entries.push(entry);
  }

  private variable(record: CellRecord, observed: string | null): Variable {
    const variable = this.main.variable(observed === null ? undefined : this.observer(record, observed));
    record.variables.push(variable);
    return variable;
  }

  /** `runs`: the count so far, when the cell is redefined (stats count a cell's runs across edits). */
  private defineCell(compiled: CompiledCell, runs = 0): CellRecord {
    const record: CellRecord = { compiled, variables: [], entries: [] };
    const anonymous = `cell ${compiled.id}`;
    const own = compiled.outputs.filter((o) => !compiled.imported.includes(o));
    const label = own.length ? own.join(", ") : anonymous;
    const counter: Counter = { runs, jobMs: 0 };
    // A cell that only imports is reported as itself (so a misspelt import shows there);
    // otherwise its own declared names are, and imported names are plain variables.
    const reportsItself = !own.length;
    const cellVariable = this.variable(record, reportsItself ? anonymous : null);
    if (reportsItself) this.addEntry(record, anonymous, cellVariable, cellVariable, counter);
    const [inputs, definition] = cellDefinition(this.context, compiled, label, counter);
    this.define(cellVariable, anonymous, inputs, definition);
    for (const name of compiled.outputs) {
      const reported = own.includes(name);
      const variable = this.variable(record, reported ? name : null);
      if (reported) this.addEntry(record, name, variable, cellVariable, counter);
      else this.owners.set(name, reportsItself ? anonymous : own[0]);
      this.define(variable, name, [anonymous], (exports: Record<string, unknown>) => exports[name]);
    }
    return record;
  }

  private entry(record: CellRecord, name: string): Entry | undefined {
    return record.entries.find((e) => e.name === name);
  }

  private observer(record: CellRecord, name: string): boolean | { pending(): void; fulfilled(v: unknown): void; rejected(e: unknown): void } {
    if (!this.isObserved(name)) return false;
    // Observers fire after the cell is set up, so the entry exists by then.
    const entry = () => this.entry(record, name)!;
    return {
      pending: () => {
        const e = entry();
        e.status = "pending";
        this.pending.add(e);
        this.options.host?.changed?.(stateOf(e));
      },
      fulfilled: (value) => this.whenReady(entry(), value),
      rejected: (error) => this.finish(entry(), "error", undefined, error),
    };
  }

  /**
   * A cell's value arrived from the runtime, possibly holding tensors the worker is still
   * computing: the cell is ok once they are ready, or fails with the worker's message. A newer
   * value (an edit meanwhile) makes this one moot: its cancelled tensors are never reported.
   */
  private whenReady(entry: Entry, value: unknown): void {
    entry.latest = value;
    const tensors = layerValuesIn(value);
    if (!tensors.size) {
      this.finish(entry, "ok", value, undefined);
      return;
    }
    Promise.all([...tensors].map((t) => t.ready)).then(
      () => {
        if (entry.latest === value) this.finish(entry, "ok", value, undefined);
      },
      (error) => {
        if (entry.latest === value) this.finish(entry, "error", undefined, error);
      },
    );
  }

  private finish(entry: Entry, status: Status, value: unknown, error: unknown): void {
    if (status === "error") entry.latest = undefined;
    Object.assign(entry, { status, value, error, waitsOn: status === "error" ? this.origin(entry, error) : undefined });
    this.pending.delete(entry);
    this.options.host?.changed?.(stateOf(entry));
    if (!this.pending.size) this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /**
   * The cell an error started in, when the cell failed because an input did: found from the
   * inputs of the code that failed (the runtime's own record only names the nearest variable).
   */
  private origin(entry: Entry, error: unknown): string | undefined {
    // A cell in a cycle fails by itself, with the same message as the others in the cycle.
    if (messageOf(error) === "circular definition" && onCycle(entry.variable)) return undefined;
    // The runtime's copy of an upstream error, or the worker passing on the message of a
    // failed input's job (the cell's own tensors failed because an input's did).
    const fromRuntime = !!inputOf(error);
    for (const input of entry.inputs) {
      const owner = this.owners.get(input);
      const upstream = owner === undefined || owner === entry.name ? undefined : this.table.find(owner);
      if (upstream?.status !== "error") continue;
      if (fromRuntime || messageOf(upstream.error) === messageOf(error)) return upstream.waitsOn ?? upstream.name;
    }
    return undefined;
  }

  /**
   * Resolves once every observed cell has a value or an error and background work (a
   * training) has ended; then releases unheld tensors.
   */
  async settled(): Promise<void> {
    for (;;) {
      // A disposed runtime's computing promise stays resolved: waiting on it again would spin forever.
      if (this.disposed) return;
      await this.runtime._compute();
      if (this.disposed) return;
      if (!this.pending.size && !this.runtime._computing && !this.engine.background.size) break;
      if (this.pending.size) await new Promise<void>((resolve) => this.waiters.push(resolve));
      else if (this.engine.background.size) await Promise.all(this.engine.background); // a training, to its end
    }
    this.engine.sweep(this.heldValues());
  }

  /** Values of the variables the runtime keeps up to date (observed, or needed by one). */
  private *heldValues(): Iterable<unknown> {
    for (const v of this.runtime._variables) if (v._reachable) yield v._value;
  }

  /** Every reported name in notebook order, with its status and value or error. */
  cells(): CellState[] {
    return [...this.table.entries()].map((e) => stateOf(e));
  }

  /** The cells in order, as a page lays them out. */
  layout(): CellLayout[] {
    return this.table.layout();
  }

  /** Per name: how many times its definition ran, and the worker time of the jobs of the code that makes it. */
  stats(): Record<string, { runs: number; jobMs: number }> {
    return Object.fromEntries([...this.table.entries()].map((e) => [e.name, { runs: e.counter.runs, jobMs: e.counter.jobMs }]));
  }

  /**
   * Gives a cell new code (an edit in the page, a change of the file on disk), or adds it after
   * the others (or before the cell `before`). Cells that read its names compute again; the rest
   * keep their values.
   */
  setCell(cell: Cell, before?: number): void {
    this.recoverFromRestart();
    const compiled = compileCell(cell);
    const old = this.table.get(cell.id);
    if (old) this.undefine(old);
    this.table.set(cell.id, this.defineCell(compiled, old?.entries[0]?.counter.runs), before);
  }

  /** Takes a cell out of the notebook; cells that read its names now fail with "not defined". */
  removeCell(id: number): void {
    const record = this.table.get(id);
    if (!record) return;
    this.undefine(record);
    this.table.delete(id);
  }

  private undefine(record: CellRecord): void {
    for (const v of record.variables) {
      this.definitions.delete(v);
      v.delete();
    }
    for (const e of record.entries) {
      this.pending.delete(e);
      if (this.owners.get(e.name) === e.name) this.owners.delete(e.name);
    }
    for (const name of record.compiled.outputs) if (this.owners.get(name) !== name) this.owners.delete(name);
    if (!this.pending.size) this.wakeWaiters();
  }

  /**
   * Brings the notebook to a new version of its file: changed and new cells are defined, cells
   * gone are removed, unchanged cells keep their values. Returns the ids of the cells it touched.
   */
  update(cells: readonly Cell[]): number[] {
    const touched: number[] = [];
    const ids = new Set(cells.map((c) => c.id));
    for (const id of [...this.table.ids])
      if (!ids.has(id)) {
        this.removeCell(id);
        touched.push(id);
      }
    for (const cell of cells) {
      const old = this.table.get(cell.id)?.compiled;
      if (old && old.source === cell.value && old.mode === cell.mode) continue;
      this.setCell(cell);
      touched.push(cell.id);
    }
    this.table.reorder(cells.map((c) => c.id));
    return touched;
  }

  /**
   * Gives a name a new definition, as an expression (the CLI's --edit NAME=EXPRESSION). The
   * expression may call the library without importing it.
   */
  redefine(name: string, expression: string): void {
    const entry = this.table.find(name);
    if (!entry) throw new Error(`no cell named "${name}"`);
    this.recoverFromRestart();
    const compiled = compileEdit(name, entry.cell, expression, (n) => this.table.find(n) !== undefined, this.options.library.names);
    // The name now has code of its own: its runs go on counting, its job time starts afresh.
    entry.counter = { runs: entry.counter.runs, jobMs: 0 };
    entry.source = entry.variable;
    entry.inputs = compiled.inputs;
    const [inputs, definition] = cellDefinition(this.context, compiled, name, entry.counter);
    this.define(entry.variable, name, inputs, definition);
  }

  /** Runs every cell's definition again, as opening the notebook anew would (the engine stays). */
  rerunAll(): void {
    for (const [variable, definition] of this.definitions) variable.define(...definition);
  }

  /** After the worker died, cells holding its tensors (or failed by its death) compute again on the next edit. */
  private recoverFromRestart(): void {
    if (!this.workerRestarted) return;
    this.workerRestarted = false;
    const generation = this.engine.client.generation;
    const again = new Set<Variable>();
    for (const v of this.runtime._variables) {
      for (const t of layerValuesIn(v._value)) if (t.generation !== generation) again.add(v);
    }
    for (const e of this.table.entries()) {
      if (e.status === "error" && messageOf(e.error).startsWith("the engine worker stopped")) again.add(e.source);
    }
    for (const v of again) {
      const definition = this.definitions.get(v);
      if (definition) v.define(...definition);
    }
  }

  /**
   * Stops what the engine is computing: every job sent is cancelled (the cells waiting on them
   * stay pending). A command out of time calls it before reading the values that did settle.
   */
  stopComputing(): void {
    this.engine.client.cancelAll();
  }

  /** How many tensors the worker holds, after the requests sent so far. */
  tensorCount(): Promise<number> {
    return this.engine.client.count();
  }

  dispose(): void {
    this.disposed = true;
    for (const wake of this.waiters.splice(0)) wake();
    this.runtime.dispose();
    this.engine.close();
  }
}

export { LayerValue };
export type { CellLayout, CellState, KernelHost, KernelOptions, Status } from "./kernel_types.ts";

/** Whether a variable reads itself through its inputs (the runtime's own test for a cycle). */
function onCycle(variable: Variable): boolean {
  const seen = new Set<Variable>(variable._inputs);
  for (const input of seen) {
    if (input === variable) return true;
    for (const next of input._inputs) seen.add(next);
  }
  return false;
}
