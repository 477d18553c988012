// The engine's Web Worker (the browser app, exported reports).
import { setBackend } from "../tensor/backend.ts";
import { wasmReady } from "../tensor/wasm/module.ts";
import { useKernelThreads } from "../tensor/wasm/parallel.ts";
import { startWebKernelThreads } from "./web_kernel_threads.ts";
import { EngineHandler } from "./handler.ts";
import { batchingPoster, unbatch } from "./batching.ts";
import type { InitMessage, Request, Response } from "./protocol.ts";

interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<Request | Request[] | InitMessage>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

/**
 * The next turn, without the 4 ms clamp nested timers get: a message to ourselves. Cancel
 * messages that arrived meanwhile are handled before it.
 */
const channel = new MessageChannel();
const turns: Array<() => void> = [];
channel.port1.onmessage = () => turns.shift()?.();
const nextTurn = (f: () => void) => {
  turns.push(f);
  channel.port2.postMessage(null);
};

let handler: EngineHandler | undefined;
const early: Request[] = [];
scope.onmessage = ({ data }) => {
  if (!Array.isArray(data) && data.type === "init") {
    if (data.backend) setBackend(data.backend);
    // The WebAssembly kernels compile first, then move onto a shared memory with a kernel
    // thread per other core where the page is cross-origin isolated; requests that come
    // meanwhile wait with the early ones.
    void (async () => {
      await wasmReady;
      useKernelThreads(await startWebKernelThreads());
      handler = new EngineHandler(
        batchingPoster<Response>((responses, transfer) => scope.postMessage(responses, transfer)),
        nextTurn,
        data.shared,
      );
      for (const request of early.splice(0)) handler.receive(request);
    })();
  } else {
    for (const request of unbatch(data as Request | Request[])) {
      if (handler) handler.receive(request);
      else early.push(request);
    }
  }
};
