import type { Spawn } from "./client.ts";
import { batchingPoster, unbatch } from "./batching.ts";
import type { InitMessage, Request, Response } from "./protocol.ts";

/**
 * The engine in a Web Worker made by `create`. The worker gets the shared cancellation flags
 * first; a page that is not cross-origin isolated has none, and cancels then act by message only.
 */
export function workerSpawn(create: () => Worker, options: Pick<InitMessage, "backend"> = {}): Spawn {
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
    worker.onmessage = (event: MessageEvent<Response | Response[]>) => {
      for (const response of unbatch(event.data)) onMessage(response);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      exit(event.message || "the worker failed to load");
    };
    worker.onmessageerror = () => exit("a message from the worker could not be read");
    const init: InitMessage = { type: "init", shared, ...options };
    worker.postMessage(init);
    const post = batchingPoster<Request>((requests, transfer) => {
      if (!exited) worker.postMessage(requests, transfer);
    });
    return {
      post,
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
