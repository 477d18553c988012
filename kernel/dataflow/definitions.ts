import type { VariableDefinition } from "@observablehq/runtime";
import type { CompiledCell, Definition, Importer } from "./compile.ts";
import { Run, type Engine } from "./engine.ts";
import { asError, explainImportError } from "./errors.ts";
import type { KernelOptions } from "./kernel_types.ts";
import type { LibraryHandles } from "./library_handles.ts";
import type { LoopWatch } from "./loop_watch.ts";

/** Per reported cell: how often its definition ran and how long its jobs took in the worker. */
export interface Counter {
  runs: number;
  jobMs: number;
}

/**
 * Wraps a cell's definition for the runtime. Each run is counted and gets its own Run, so its
 * jobs are attributed to it and cancelled when the runtime invalidates it (the first input is
 * the runtime's `invalidation` promise). Library functions among its inputs are swapped for
 * the same functions bound to this run, so jobs started after an await are its own too. A
 * layer value goes to the runtime at once, before the worker computes it: the cells after it
 * infer their shapes and queue their jobs (and a summary shows) while values are computed;
 * the kernel reports a cell ok only once its tensors are ready.
 */
export function instrument(
  engine: Engine,
  label: string,
  counter: Counter,
  definition: Definition,
  handles: LibraryHandles,
  watch: LoopWatch,
  onStart?: (label: string) => void,
  synchronous = false,
): (invalidation: Promise<void>, ...inputs: unknown[]) => unknown {
  return function (this: unknown, invalidation: Promise<void>, ...inputs: unknown[]) {
    counter.runs++;
    const run = new Run(label, (ms) => {
      counter.jobMs += ms;
    });
    void invalidation.then(() => engine.retire(run));
    watch.cellStarted();
    onStart?.(label);
    const previous = engine.current;
    engine.current = run;
    let result: unknown;
    try {
      result = definition.apply(this, handles.bind(inputs, run, synchronous));
    } finally {
      engine.current = previous;
    }
    return result;
  };
}

/** How a cell's `import(...)` resolves: "scanbook" to a library for the running cell, others as the options say. */
function importer(engine: Engine, handles: LibraryHandles, { modules }: Pick<KernelOptions, "modules">): Importer {
  return (specifier) => {
    if (specifier === "scanbook") {
      const run = engine.current;
      if (!run) return Promise.reject(new Error(`import "scanbook": only a cell can import it`));
      return Promise.resolve(handles.forRun(run));
    }
    const module = modules?.(specifier);
    if (module) return module;
    return Promise.reject(new Error(`import "${specifier}": not available here; cells can import "scanbook", "@observablehq/plot" and "@observablehq/inputs"`));
  };
}

/** What every cell definition of one notebook shares: its engine, library handles, loop watch and options. */
export interface DefinitionContext {
  engine: Engine;
  handles: LibraryHandles;
  watch: LoopWatch;
  options: Pick<KernelOptions, "library" | "modules" | "host">;
  /** Told the label of each cell whose definition starts (the headless watchdog names it). */
  onStart?: (label: string) => void;
}

/**
 * The runtime definition of a compiled cell (or of an edit), with its inputs: instrumented,
 * its loops guarded, its import errors explained and, on a page, with its own display and view.
 */
export function cellDefinition(context: DefinitionContext, compiled: CompiledCell, label: string, counter: Counter): [string[], VariableDefinition] {
  const { engine, handles, watch, options } = context;
  if (!compiled.define) {
    const error = compiled.error;
    return [
      [],
      () => {
        counter.runs++;
        throw error;
      },
    ];
  }
  let body: Definition;
  try {
    body = compiled.define(importer(engine, handles, options), watch.guardFor(label, compiled.guardSites));
  } catch (error) {
    // Code the engine could not make a function of stays this cell's error, not the notebook's.
    return [
      [],
      () => {
        counter.runs++;
        throw error;
      },
    ];
  }
  const displayAt = compiled.inputs.indexOf("display"),
    viewAt = compiled.inputs.indexOf("view");
  const displayFor = options.host?.displayFor;
  const explained: Definition = function (this: unknown, ...inputs: unknown[]) {
    if (displayFor && (displayAt >= 0 || viewAt >= 0)) {
      const own = displayFor(compiled.id);
      if (displayAt >= 0) inputs[displayAt] = own.display;
      if (viewAt >= 0) inputs[viewAt] = own.view;
    }
    let result: unknown;
    try {
      result = body.apply(this, inputs);
    } catch (error) {
      throw asError(error, label);
    }
    return result instanceof Promise
      ? result.catch((e) => {
          throw explainImportError(asError(e, label), options.library.names);
        })
      : result;
  };
  return [["invalidation", ...compiled.inputs], instrument(engine, label, counter, explained, handles, watch, context.onStart, compiled.synchronous)];
}
