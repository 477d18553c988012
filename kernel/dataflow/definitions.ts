import type { Definition } from "./compile.ts";
import { Run, type Engine } from "./engine.ts";
import { layerValuesIn } from "./layer_value.ts";

/** Per reported cell: how often its definition ran and how long its jobs took in the worker. */
export interface Counter {
  runs: number;
  jobMs: number;
}

/**
 * Wraps a cell's definition for the runtime. Each run is counted and gets its own Run, so its
 * jobs are attributed to it and cancelled when the runtime invalidates it (the first input is
 * the runtime's `invalidation` promise). The value is given to the runtime only once the
 * tensors in it are computed, so `settled()` means computed and a worker error lands in the
 * cell that made the tensor.
 */
export function instrument(
  engine: Engine, label: string, counter: Counter, definition: Definition,
): (invalidation: Promise<void>, ...inputs: unknown[]) => unknown {
  return function (this: unknown, invalidation: Promise<void>, ...inputs: unknown[]) {
    counter.runs++;
    const run = new Run(label, (ms) => { counter.jobMs += ms; });
    void invalidation.then(() => engine.retire(run));
    const previous = engine.current;
    engine.current = run;
    let result: unknown;
    try {
      result = definition.apply(this, inputs);
    } finally {
      engine.current = previous;
    }
    return whenComputed(result);
  };
}

/** The value once every tensor in it is ready; a plain value as is. */
function whenComputed(result: unknown): unknown {
  if (result instanceof Promise) return result.then(whenComputed);
  const tensors = layerValuesIn(result);
  if (!tensors.size) return result;
  return Promise.all([...tensors].map((t) => t.ready)).then(() => result);
}
