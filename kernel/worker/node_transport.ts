import { Worker } from "node:worker_threads";
import type { Spawn } from "./client.ts";
import { batchingPoster, unbatch } from "./batching.ts";
import type { Request, Response } from "./protocol.ts";

/** The engine in a worker_threads worker (the headless CLI, tests and benchmarks). */
export const nodeSpawn: Spawn = ({ onMessage, onExit, shared }) => {
  const worker = new Worker(new URL("./node_worker_boot.mjs", import.meta.url), { workerData: { shared } });
  let exited = false;
  const exit = (reason: string) => {
    if (!exited) {
      exited = true;
      onExit(reason);
    }
  };
  worker.on("message", (responses: Response | Response[]) => {
    for (const response of unbatch(responses)) onMessage(response);
  });
  worker.on("error", (error: Error) => exit(`${error.name}: ${error.message}`));
  worker.on("exit", (code) => exit(`exit code ${code}`));
  const post = batchingPoster<Request>((requests, transfer) => {
    if (!exited) worker.postMessage(requests, transfer);
  });
  return {
    post,
    close() {
      exited = true;
      void worker.terminate();
    },
    kill() {
      void worker.terminate();
    },
  };
};
