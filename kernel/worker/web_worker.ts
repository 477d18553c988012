// The engine's Web Worker (the browser app, exported reports).
import { wasmReady } from "../tensor/wasm/module.ts";
import { EngineHandler } from "./handler.ts";
import type { InitMessage, Request } from "./protocol.ts";

interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<Request | InitMessage>) => void) | null;
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
  if (data.type === "init") {
    // The WebAssembly kernels compile first; requests that come meanwhile wait with the early ones.
    void wasmReady.then(() => {
      handler = new EngineHandler((response, transfer) => scope.postMessage(response, transfer ?? []), nextTurn, data.shared);
      for (const request of early.splice(0)) handler.receive(request);
    });
  } else if (handler) {
    handler.receive(data);
  } else {
    early.push(data);
  }
};
