// One kernel thread of the engine in Node (see kernel_threads.ts): a worker_threads worker
// that runs the shared loop on the data it is started with. Plain JavaScript importing only
// Node's modules and the loop, so it needs no TypeScript loader.
import { parentPort, workerData } from "node:worker_threads";
import { runKernelThread } from "./kernel_thread_loop.mjs";

runKernelThread(workerData, () => /** @type {import("node:worker_threads").MessagePort} */ (parentPort).postMessage("ready"));
