import { Runtime, type Module, type Variable, type VariableDefinition } from "@observablehq/runtime";
import type { Cell } from "@observablehq/notebook-kit";
import { createLibrary, LIBRARY_NAMES } from "../../cells/library.ts";
import type { Spawn } from "../worker/client.ts";
import { compileCell, type CompiledCell, type Definition, type Importer } from "./compile.ts";
import { instrument, type Counter } from "./definitions.ts";
import { Engine } from "./engine.ts";
import { explainImportError, inputOf, messageOf } from "./errors.ts";
import { LayerValue, layerValuesIn } from "./layer_value.ts";

export type Status = "pending" | "ok" | "error";

/** What a notebook reports per name: a declared name, or `cell N` for a cell without one. */
export interface CellState {
  name: string;
  cell: number;
  status: Status;
  value?: unknown;
  error?: unknown;
  /** For an error that came from another cell: the cell where it started. */
  waitsOn?: string;
}

export interface KernelOptions {
  spawn: Spawn;
  /** Values the runtime provides to every cell (md, Plot, ...), as definitions. */
  builtins?: Record<string, VariableDefinition>;
  /** Modules besides "scanbook" that cells may import. */
  modules?: (specifier: string) => Promise<unknown> | undefined;
  /** Names to compute: every cell (the default), or only these and what they need. */
  observe?: "all" | readonly string[];
}

interface Entry extends CellState {
  variable: Variable;
  /** The variable whose definition makes this value (the cell's own, for a declared name). */
  source: Variable;
  /** Runs of the code that makes this value (the cell's body), and its jobs' time. */
  counter: Counter;
  /** Names the defining code reads. */
  inputs: string[];
}

/**
 * A notebook on the Observable runtime: each cell a variable (and each declared name one more),
 * its tensors in the engine worker. Tracks what each cell did so tests and the CLI can ask
 * "settled?" and "what ran?".
 */
export class NotebookKernel {
  readonly engine: Engine;
  private readonly runtime: Runtime;
  private readonly main: Module;
  private readonly entries = new Map<string, Entry>();
  private readonly order: string[] = [];
  private readonly definitions = new Map<Variable, [string | null, string[], VariableDefinition]>();
  private readonly pending = new Set<Entry>();
  /** Variable name → the reported name that stands for it (an imported name → its cell). */
  private readonly owners = new Map<string, string>();
  private waiters: Array<() => void> = [];
  private workerRestarted = false;

  constructor(cells: readonly Cell[], private readonly options: KernelOptions) {
    this.engine = new Engine(options.spawn);
    this.engine.client.onRestart(() => { this.workerRestarted = true; });
    this.runtime = new Runtime(options.builtins ?? {});
    this.main = this.runtime.module();
    for (const cell of cells) this.defineCell(compileCell(cell));
  }

  private isObserved(name: string): boolean {
    const observe = this.options.observe ?? "all";
    return observe === "all" || observe.includes(name);
  }

  private define(variable: Variable, name: string | null, inputs: string[], definition: VariableDefinition): void {
    this.definitions.set(variable, [name, inputs, definition]);
    variable.define(name, inputs, definition);
  }

  private importer(): Importer {
    return (specifier) => {
      if (specifier === "scanbook") {
        const run = this.engine.current;
        if (!run) return Promise.reject(new Error(`import "scanbook": only a cell can import it`));
        return Promise.resolve(createLibrary(this.engine, run));
      }
      const module = this.options.modules?.(specifier);
      if (module) return module;
      return Promise.reject(new Error(`import "${specifier}": not available here; cells can import "scanbook", "@observablehq/plot" and "@observablehq/inputs"`));
    };
  }

  /** The runtime definition of a compiled cell (or of an edit), instrumented and with its import errors explained. */
  private instrumented(compiled: CompiledCell, label: string, counter: Counter): [string[], VariableDefinition] {
    if (!compiled.define) {
      const error = compiled.error;
      return [[], () => { counter.runs++; throw error; }];
    }
    const body = compiled.define(this.importer());
    const explained: Definition = function (this: unknown, ...inputs: unknown[]) {
      const result = body.apply(this, inputs);
      return result instanceof Promise ? result.catch((e) => { throw explainImportError(e, LIBRARY_NAMES); }) : result;
    };
    return [["invalidation", ...compiled.inputs], instrument(this.engine, label, counter, explained)];
  }

  private addEntry(name: string, cell: number, variable: Variable, source: Variable, counter: Counter, inputs: string[]): void {
    const entry: Entry = { name, cell, status: "pending", variable, source, counter, inputs };
    this.owners.set(name, name);
    this.entries.set(name, entry);
    this.order.push(name);
  }

  private defineCell(compiled: CompiledCell): void {
    const anonymous = `cell ${compiled.id}`;
    const own = compiled.outputs.filter((o) => !compiled.imported.includes(o));
    const label = own.length ? own.join(", ") : anonymous;
    if (!compiled.outputs.length) {
      const variable = this.main.variable(this.observer(anonymous));
      const counter: Counter = { runs: 0, jobMs: 0 };
      this.addEntry(anonymous, compiled.id, variable, variable, counter, compiled.inputs);
      const [inputs, definition] = this.instrumented(compiled, label, counter);
      this.define(variable, anonymous, inputs, definition);
      return;
    }
    // A cell that only imports is reported as itself (so a misspelt import shows there);
    // otherwise its own declared names are, and imported names are plain variables.
    const importsOnly = !own.length;
    const cellVariable = this.main.variable(importsOnly ? this.observer(anonymous) : undefined);
    const cellCounter: Counter = { runs: 0, jobMs: 0 };
    if (importsOnly) this.addEntry(anonymous, compiled.id, cellVariable, cellVariable, cellCounter, compiled.inputs);
    const [inputs, definition] = this.instrumented(compiled, label, cellCounter);
    this.define(cellVariable, anonymous, inputs, definition);
    for (const name of compiled.outputs) {
      const reported = own.includes(name);
      const variable = this.main.variable(reported ? this.observer(name) : undefined);
      if (reported) this.addEntry(name, compiled.id, variable, cellVariable, cellCounter, compiled.inputs);
      else this.owners.set(name, importsOnly ? anonymous : own[0]);
      this.define(variable, name, [anonymous], (exports: Record<string, unknown>) => exports[name]);
    }
  }

  private observer(name: string): boolean | { pending(): void; fulfilled(v: unknown): void; rejected(e: unknown): void } {
    if (!this.isObserved(name)) return false;
    const entry = () => this.entries.get(name)!;
    return {
      pending: () => { const e = entry(); e.status = "pending"; this.pending.add(e); },
      fulfilled: (value) => this.finish(entry(), "ok", value, undefined),
      rejected: (error) => this.finish(entry(), "error", undefined, error),
    };
  }

  private finish(entry: Entry, status: Status, value: unknown, error: unknown): void {
    Object.assign(entry, { status, value, error, waitsOn: status === "error" ? this.origin(entry, error) : undefined });
    this.pending.delete(entry);
    if (!this.pending.size) {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }

  /**
   * The cell an error started in, when the cell failed because an input did: found from the
   * inputs of the code that failed (the runtime's own record only names the nearest variable).
   */
  private origin(entry: Entry, error: unknown): string | undefined {
    if (!inputOf(error)) return undefined; // an error of the cell's own code
    for (const input of entry.inputs) {
      const owner = this.owners.get(input);
      const upstream = owner === undefined || owner === entry.name ? undefined : this.entries.get(owner);
      if (upstream?.status === "error") return upstream.waitsOn ?? upstream.name;
    }
    return undefined;
  }

  /** Resolves once every observed cell has a value or an error; then releases unheld tensors. */
  async settled(): Promise<void> {
    for (;;) {
      await this.runtime._compute();
      if (!this.pending.size && !this.runtime._computing) break;
      if (this.pending.size) await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.engine.sweep(this.heldValues());
  }

  /** Values of the variables the runtime keeps up to date (observed, or needed by one). */
  private *heldValues(): Iterable<unknown> {
    for (const v of this.runtime._variables) if (v._reachable) yield v._value;
  }

  /** Every reported name in notebook order, with its status and value or error. */
  cells(): CellState[] {
    return this.order.map((name) => {
      const { variable: _v, source: _s, counter: _c, inputs: _i, ...state } = this.entries.get(name)!;
      return state;
    });
  }

  /** Per name: how many times its definition ran, and the worker time of the jobs of the code that makes it. */
  stats(): Record<string, { runs: number; jobMs: number }> {
    return Object.fromEntries(this.order.map((name) => {
      const e = this.entries.get(name)!;
      return [name, { runs: e.counter.runs, jobMs: e.counter.jobMs }];
    }));
  }

  /**
   * Gives a name a new definition, as an expression (the CLI's --edit NAME=EXPRESSION). The
   * expression may call the library without importing it.
   */
  redefine(name: string, expression: string): void {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`no cell named "${name}"`);
    this.recoverFromRestart();
    const compiled = compileCell({ id: entry.cell, value: expression, mode: "js", pinned: false, hidden: false });
    if (compiled.define && compiled.outputs.length) {
      throw new Error(`--edit ${name}: expected an expression, got a declaration of ${compiled.outputs.join(", ")}`);
    }
    const fromLibrary = compiled.inputs.filter((i) => LIBRARY_NAMES.includes(i) && !this.entries.has(i));
    if (fromLibrary.length && compiled.define) {
      const imports = `import {${fromLibrary.join(", ")}} from "scanbook";\n`;
      const withImports = compileCell({ id: entry.cell, value: `${imports}const ${name} = ${expression};`, mode: "js", pinned: false, hidden: false });
      const original = withImports.define!;
      Object.assign(compiled, {
        inputs: withImports.inputs,
        define: (importer: Importer) => {
          const body = original(importer);
          return async (...args: unknown[]) => ((await body(...args)) as Record<string, unknown>)[name];
        },
      });
    }
    // The name now has code of its own: its runs go on counting, its job time starts afresh.
    entry.counter = { runs: entry.counter.runs, jobMs: 0 };
    entry.source = entry.variable;
    entry.inputs = compiled.inputs;
    const [inputs, definition] = this.instrumented(compiled, name, entry.counter);
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
    for (const e of this.entries.values()) {
      if (e.status === "error" && messageOf(e.error).startsWith("the engine worker stopped")) again.add(e.source);
    }
    for (const v of again) {
      const definition = this.definitions.get(v);
      if (definition) v.define(...definition);
    }
  }

  /** How many tensors the worker holds, after the requests sent so far. */
  tensorCount(): Promise<number> { return this.engine.client.count(); }

  dispose(): void {
    this.runtime.dispose();
    this.engine.close();
  }
}

export { LayerValue };
