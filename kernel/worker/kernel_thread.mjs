// One kernel thread of the engine (see kernel_threads.ts). Plain JavaScript with nothing to
// import but Node's own modules: it instantiates the shared-memory kernels it is handed and
// runs the calls the engine's thread writes for it, until told to stop.
import { parentPort, workerData } from "node:worker_threads";

/** @type {{ module: WebAssembly.Module, memory: WebAssembly.Memory, control: Int32Array, tasks: Int32Array, index: number, names: string[], spinReads: number }} */
const { module, memory, control, tasks, index, names, spinReads } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const kernels = names.map((name) => /** @type {(...args: number[]) => void} */ (instance.exports[name]));
/** @type {import("node:worker_threads").MessagePort} */ (parentPort).postMessage("ready");

// control[2i] is the round the engine asks for (-1: stop); control[2i + 1] the round done here
// (negated when a call failed). tasks: [calls, then per call: kernel index, argument count, arguments...].
let seen = 0;
for (;;) {
  // Check for a while before sleeping: the next op's round often comes within microseconds.
  for (let spin = 0; spin < spinReads && Atomics.load(control, 2 * index) === seen; spin++);
  Atomics.wait(control, 2 * index, seen);
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
