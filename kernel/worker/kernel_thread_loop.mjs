// The loop of one kernel thread (see kernel_threads.ts), shared by Node's worker_threads
// (kernel_thread.mjs) and the page's Web Workers (web_kernel_threads.ts, which sends this
// function's own text to a worker made from it). So it must stay self-contained: plain
// JavaScript that reads nothing outside itself.

/**
 * Instantiates the shared-memory kernels it is handed, says it is ready, then runs the calls
 * the engine's thread writes for it until told to stop.
 * control[2i] is the round the engine asks for (-1: stop); control[2i + 1] the round done here
 * (negated when a call failed). tasks: [calls, then per call: kernel index, argument count, arguments...].
 * @param {{ module: WebAssembly.Module, memory: WebAssembly.Memory, control: Int32Array, tasks: Int32Array, index: number, names: string[], spinReads: number }} data
 * @param {() => void} ready
 */
export function runKernelThread(data, ready) {
  const { module, memory, control, tasks, index, names, spinReads } = data;
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const kernels = names.map((name) => /** @type {(...args: number[]) => void} */ (instance.exports[name]));
  ready();
  let seen = 0;
  for (;;) {
    // Check for a while before sleeping: the next op's round often comes within microseconds.
    for (let spin = 0; spin < spinReads && Atomics.load(control, 2 * index) === seen; spin++);
    // Sleep in slices: a page's browser ends a worker whose parent was terminated only once
    // it leaves Atomics.wait, which an endless wait would never do.
    Atomics.wait(control, 2 * index, seen, 250);
    const round = Atomics.load(control, 2 * index);
    if (round === -1) break;
    if (round === seen) continue;
    seen = round;
    let done = round;
    try {
      let at = 1;
      for (let call = 0, calls = tasks[0]; call < calls; call++) {
        const kernel = kernels[tasks[at]],
          count = tasks[at + 1];
        kernel(...tasks.subarray(at + 2, at + 2 + count));
        at += 2 + count;
      }
    } catch {
      done = -round;
    }
    Atomics.store(control, 2 * index + 1, done);
    Atomics.notify(control, 2 * index + 1);
  }
}
