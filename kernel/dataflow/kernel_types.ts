import type { VariableDefinition } from "@observablehq/runtime";
import type { Spawn } from "../worker/client.ts";
import type { CompiledCell } from "./compile.ts";
import type { Engine, Run } from "./engine.ts";

/** A cell as its notebook holds it now: what a check cell grades the exercises of. */
export interface CellSource {
  mode: CompiledCell["mode"];
  source: string;
}

/** What the kernel tells a library of the notebook it serves. */
export interface LibraryNotebook {
  /** The notebook's cells as they are now (after every edit). */
  sources(): CellSource[];
}

/**
 * The module cells import as "scanbook", handed in by whoever opens a notebook (the kernel
 * never imports cells/). Whatever the library needs beyond the engine (a checker that runs
 * exercises, how long to wait for typing) is the opener's to give it, not the kernel's.
 */
export interface NotebookLibrary {
  /** Every name it exports: an --edit expression may use them without importing them. */
  names: readonly string[];
  /** The library for one run of a cell: the jobs its functions start belong to that run. */
  create(engine: Engine, run: Run, notebook: LibraryNotebook): object;
  /**
   * Members that start all their jobs before they return (the layers, tensor makers, grad):
   * called by a cell that never awaits, they start them while that cell's run is the engine's
   * current one, so such a cell needs no library of its own for them (making one per run
   * costs about 0.1 ms, a dozen times per edit).
   */
  synchronous?: ReadonlySet<string>;
}

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

/** What a page gives the kernel to show cells: each cell's display, and news of every change. */
export interface KernelHost {
  /** `display` and `view` for one run of a cell that calls them (they show in that cell). */
  displayFor?(cell: number): { display(value: unknown): unknown; view(input: unknown): unknown };
  /** A reported name changed: it is computing, or has a value or an error. */
  changed?(state: CellState): void;
}

export interface KernelOptions {
  spawn: Spawn;
  library: NotebookLibrary;
  /** Values the runtime provides to every cell (md, Plot, ...), as definitions. */
  builtins?: Record<string, VariableDefinition>;
  /** Modules besides "scanbook" that cells may import. */
  modules?: (specifier: string) => Promise<unknown> | undefined;
  /** Names to compute: every cell (the default), or only these and what they need. */
  observe?: "all" | readonly string[];
  host?: KernelHost;
  /**
   * How long a cell's loop (or recursion) may keep the thread busy before it throws in that
   * cell, "loop ran longer than 5 s (line 3); is it infinite?" (default 5000; headless runs
   * use their timeout).
   */
  loopLimitMs?: number;
  /** A time (performance.now()) past which any loop throws at once: a headless command's deadline. */
  loopDeadline?: number;
  /**
   * How often a training's progress may recompute the cells that read its state, between
   * epoch ends (default 0: at every report, about 10 a second; headless runs: only at epoch
   * ends, as nobody watches). The state's history keeps every report either way.
   */
  trainingRedrawMs?: number;
  /** The most bytes one tensor may take; past it the cell that asks fails at once (default 4 GB). */
  tensorBudgetBytes?: number;
  /** Told the label of the cell that is running: as its definition starts and while its loops turn (a watchdog names it). */
  busy?: (label: string) => void;
}

/** What a page needs to know of a cell to lay it out. */
export interface CellLayout {
  id: number;
  mode: CompiledCell["mode"];
  source: string;
  /** Notebook Kit's `pinned`: its code shows with its output. */
  pinned: boolean;
  /** The names it reports (declared names, or `cell N`). */
  names: string[];
  /** An expression cell or markdown: its value is what it shows. */
  autodisplay: boolean;
  /** It calls display or view: it shows what it displays, not its names. */
  displays: boolean;
}
