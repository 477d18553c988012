import type { Spawn } from "./client.ts";
import type { InitMessage, Response } from "./protocol.ts";

/**
 * The engine in a Web Worker made by `create`. The worker gets the shared cancellation flags
 * first; a page that is not cross-origin isolated has none, and cancels then act by message only.
 */
export function workerSpawn(create: () => Worker): Spawn {
  return ({ onMessage, onExit, shared }) => {
    const worker = create();
    let exited = false;
    const exit = (reason: string) => {
      if (!exited) {
        exited = true;
        worker.terminate();
        onExit(reason);
      }
    };
    worker.onmessage = (event: MessageEvent<Response>) => onMessage(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      exit(event.message || "the worker failed to load");
    };
    worker.onmessageerror = () => exit("a message from the worker could not be read");
    const init: InitMessage = { type: "init", shared };
    worker.postMessage(init);
    return {
      post(request, transfer) {
        worker.postMessage(request, transfer ?? []);
      },
      close() {
        exited = true;
        worker.terminate();
      },
      kill() {
        worker.terminate();
        exit("killed");
      },
    };
  };
}
