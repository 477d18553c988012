/**
 * Observable's pattern for a value that changes over time: a generator of promises, each
 * settling with the next value. The runtime pulls one after each; values that arrive between
 * pulls collapse to the latest (latest wins). `return()` (the cell invalidated) detaches.
 */
export function observeValues<T>(initialize: (change: (value: T) => void) => (() => void) | void): Generator<Promise<T>, void, unknown> {
  let waiting: ((value: T) => void) | undefined;
  let latest: { value: T } | undefined;
  const dispose = initialize((value) => {
    if (waiting) {
      waiting(value);
      waiting = undefined;
    } else latest = { value };
  });
  const generator = {
    next(): IteratorResult<Promise<T>, void> {
      if (latest) {
        const { value } = latest;
        latest = undefined;
        return { done: false, value: Promise.resolve(value) };
      }
      return {
        done: false,
        value: new Promise<T>((resolve) => {
          waiting = resolve;
        }),
      };
    },
    return(): IteratorResult<Promise<T>, void> {
      dispose?.();
      return { done: true, value: undefined };
    },
    throw(error: unknown): IteratorResult<Promise<T>, void> {
      dispose?.();
      throw error;
    },
    [Symbol.iterator]() {
      return generator;
    },
  };
  return generator as unknown as Generator<Promise<T>, void, unknown>;
}

/** The value of an input element (Observable Inputs, our own inputs, or a native control). */
export function valueOf(element: Element): unknown {
  const input = element as HTMLInputElement;
  switch (input.type) {
    case "range":
    case "number":
      return input.valueAsNumber;
    case "checkbox":
      return input.checked;
    case "file":
      return input.multiple ? input.files : input.files?.[0];
  }
  return (element as { value?: unknown }).value;
}

/** The values an input takes: now, then at each "input" event (Observable's `view`). */
export function inputValues(element: Element): Generator<Promise<unknown>, void, unknown> {
  return observeValues((change) => {
    const inputted = () => change(valueOf(element));
    element.addEventListener("input", inputted);
    if (valueOf(element) !== undefined) inputted();
    return () => element.removeEventListener("input", inputted);
  });
}
