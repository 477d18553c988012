import { parentPort, workerData } from "node:worker_threads";
import { EngineHandler } from "./handler.ts";
import type { Request } from "./protocol.ts";

const port = parentPort!;
const handler = new EngineHandler(
  (response, transfer) => port.postMessage(response, transfer ?? []),
  (drain) => setImmediate(drain),
  (workerData as { shared?: Int32Array } | undefined)?.shared,
);
port.on("message", (request: Request) => handler.receive(request));
