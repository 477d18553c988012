import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { type StartedKernelThreads, startKernelThreadsWith, type ThreadSpawner } from "./kernel_threads.ts";

/** A kernel thread in Node: a worker_threads worker running kernel_thread.mjs. */
const nodeThread: ThreadSpawner = (data, on) => {
  const worker = new Worker(new URL("./kernel_thread.mjs", import.meta.url), { workerData: data });
  worker.unref(); // kernel threads never keep a process alive
  worker.once("message", () => on.ready());
  worker.once("error", (error) => on.error(error));
  worker.on("exit", () => on.exit());
  return { terminate: () => worker.terminate() };
};

/** The engine's kernel threads in Node: one per core besides the engine's own thread. */
export function startKernelThreads(count = availableParallelism()): Promise<StartedKernelThreads | undefined> {
  return startKernelThreadsWith(nodeThread, count);
}
