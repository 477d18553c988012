import { parentPort, workerData } from "node:worker_threads";
import { wasmReady } from "../tensor/wasm/module.ts";
import { useKernelThreads } from "../tensor/wasm/parallel.ts";
import { startKernelThreads } from "./node_kernel_threads.ts";
import { EngineHandler } from "./handler.ts";
import { batchingPoster, unbatch } from "./batching.ts";
import type { Request, Response } from "./protocol.ts";

// The WebAssembly kernels compile before the first job (until then the reference would compute),
// then move onto a shared memory with a kernel thread per other core, which large jobs use.
await wasmReady;
useKernelThreads(await startKernelThreads());
const port = parentPort!;
const handler = new EngineHandler(
  batchingPoster<Response>((responses, transfer) => port.postMessage(responses, transfer)),
  (drain) => setImmediate(drain),
  (workerData as { shared?: Int32Array } | undefined)?.shared,
);
port.on("message", (requests: Request | Request[]) => {
  for (const request of unbatch(requests)) handler.receive(request);
});
