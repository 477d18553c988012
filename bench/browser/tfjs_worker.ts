// The browser bench's worker for TensorFlow.js with its WebAssembly backend (XNNPACK), which
// uses its own threads where the page is cross-origin isolated.
import * as tf from "@tensorflow/tfjs-core";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { tfjsPass } from "../tfjs_pass.ts";
import { medianMs } from "../workloads.ts";
import { type BenchAnswer, type BenchRequest, timing } from "./protocol.ts";

self.onmessage = async ({ data }: MessageEvent<BenchRequest>) => {
  tf.env().set("PROD", true);
  setWasmPaths(data.wasmPaths!);
  if (!(await tf.setBackend("wasm"))) throw new Error("tfjs-backend-wasm did not start");
  const ms: BenchAnswer["ms"] = {};
  for (const w of data.workloads) {
    const run = tfjsPass(tf, w, "forward");
    if (!run) throw new Error(`tfjs-wasm has no forward conv for (${w.id})`);
    ms[w.id] = { "tfjs-wasm": medianMs(run, timing(data.quick)) };
  }
  const threaded = tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT"),
    simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
  self.postMessage({ ms, about: `tfjs-wasm: ${threaded ? "threads" : "one thread"}, ${simd ? "SIMD" : "no SIMD"}` } satisfies BenchAnswer);
};
