import { parentPort, workerData } from "node:worker_threads";
import { wasmReady } from "../tensor/wasm/module.ts";
import { useKernelThreads } from "../tensor/wasm/parallel.ts";
import { startKernelThreads } from "./kernel_threads.ts";
import { EngineHandler } from "./handler.ts";
import type { Request } from "./protocol.ts";

// The WebAssembly kernels compile before the first job (until then the reference would compute),
// then move onto a shared memory with a kernel thread per other core, which large jobs use.
await wasmReady;
useKernelThreads(await startKernelThreads());
const port = parentPort!;
const handler = new EngineHandler(
  (response, transfer) => port.postMessage(response, transfer ?? []),
  (drain) => setImmediate(drain),
  (workerData as { shared?: Int32Array } | undefined)?.shared,
);
port.on("message", (request: Request) => handler.receive(request));
