// The browser bench's page: runs our engine's worker, then tfjs-wasm's, one after the other
// (each may use every core), and leaves the answers where the bench command reads them.
import { workloads } from "../workloads.ts";
import type { BenchAnswer, BenchRequest } from "./protocol.ts";

function ask(worker: Worker, request: BenchRequest): Promise<BenchAnswer> {
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      worker.terminate();
      resolve(data);
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(request);
  });
}

const params = new URL(location.href).searchParams;
const chosen = (params.get("only") ?? "a,b,c").split(",");
const request: BenchRequest = { workloads: workloads.filter((w) => chosen.includes(w.id)), quick: params.has("quick"), wasmPaths: params.get("wasm") ?? undefined };
const results = globalThis as { benchResults?: unknown } as { benchResults?: { answers?: BenchAnswer[]; error?: string; isolated: boolean } };
try {
  const ours = await ask(new Worker(new URL("./scanbook_worker.ts", import.meta.url), { type: "module", name: "scanbook bench" }), request);
  const theirs = await ask(new Worker(new URL("./tfjs_worker.ts", import.meta.url), { type: "module", name: "tfjs bench" }), request);
  results.benchResults = { answers: [ours, theirs], isolated: globalThis.crossOriginIsolated };
} catch (error) {
  results.benchResults = { error: String(error), isolated: globalThis.crossOriginIsolated };
}
