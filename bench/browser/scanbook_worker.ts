// The browser bench's worker for our engine: the same kernels the engine's Web Worker runs
// (WebAssembly SIMD, its kernel threads where the page is cross-origin isolated), timed in a
// worker as the engine's would be.
import { engineInfo } from "../../kernel/tensor/backend.ts";
import { wasmConvCores } from "../../kernel/tensor/wasm/conv_cores.ts";
import { wasmReady } from "../../kernel/tensor/wasm/module.ts";
import { useKernelThreads } from "../../kernel/tensor/wasm/parallel.ts";
import { startWebKernelThreads } from "../../kernel/worker/web_kernel_threads.ts";
import { scanbookPass } from "../scanbook_engine.ts";
import { medianMs } from "../workloads.ts";
import { type BenchAnswer, type BenchRequest, timing } from "./protocol.ts";

self.onmessage = async ({ data }: MessageEvent<BenchRequest>) => {
  await wasmReady;
  const threads = await startWebKernelThreads();
  const ms: BenchAnswer["ms"] = {};
  for (const w of data.workloads) {
    ms[w.id] = {};
    for (const [column, t] of [
      ["scanbook-wasm", threads],
      ["scanbook-wasm-1t", undefined],
    ] as const) {
      useKernelThreads(t);
      ms[w.id][column] = medianMs(scanbookPass(w, "forward", wasmConvCores), timing(data.quick));
    }
  }
  useKernelThreads(threads);
  const info = engineInfo();
  const answer: BenchAnswer = { ms, about: `scanbook: ${info.threads} thread(s), ${info.fusedMultiplyAdd ? "relaxed SIMD (FMA)" : "SIMD"}` };
  self.postMessage(answer);
};
