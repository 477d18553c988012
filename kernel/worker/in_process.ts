import type { Spawn } from "./client.ts";
import { EngineHandler } from "./handler.ts";
import type { Request, Response } from "./protocol.ts";

/**
 * The engine on the main thread, behind the same messages: for tests, and for pages that
 * cannot start a worker. Messages are delivered asynchronously, as a worker's would be.
 */
export function inProcessSpawn(onHandler?: (handler: EngineHandler) => void): Spawn {
  return ({ onMessage, shared }) => {
    let open = true;
    const handler = new EngineHandler(
      (response: Response) => { if (open) setTimeout(() => { if (open) onMessage(response); }, 0); },
      (drain) => setTimeout(drain, 0),
      shared,
    );
    onHandler?.(handler);
    return {
      post(request: Request) { if (open) setTimeout(() => { if (open) handler.receive(request); }, 0); },
      close() { open = false; },
    };
  };
}
