import type { Spawn } from "./client.ts";
import { EngineHandler } from "./handler.ts";
import type { Request, Response } from "./protocol.ts";

/**
 * The engine on the main thread, behind the same messages: for tests, and for pages that
 * cannot start a worker. Messages are delivered asynchronously, as a worker's would be.
 */
/** The next turn of the event loop: setImmediate where there is one (Node), else a timer. */
const later: (f: () => void) => void = typeof setImmediate === "function" ? (f) => setImmediate(f) : (f) => setTimeout(f, 0);

export function inProcessSpawn(onHandler?: (handler: EngineHandler) => void): Spawn {
  return ({ onMessage, onExit, shared }) => {
    let open = true;
    const handler = new EngineHandler(
      (response: Response) => {
        if (open)
          later(() => {
            if (open) onMessage(response);
          });
      },
      later,
      shared,
    );
    onHandler?.(handler);
    return {
      post(request: Request) {
        if (open)
          later(() => {
            if (open) handler.receive(request);
          });
      },
      close() {
        open = false;
      },
      kill() {
        open = false;
        later(() => onExit("killed"));
      },
    };
  };
}
