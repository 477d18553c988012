import { createRequire } from "node:module";
import { dirname } from "node:path";

type Tf = typeof import("@tensorflow/tfjs-core");

/**
 * TensorFlow.js on the same workloads, in its native NHWC layout (same multiply-adds).
 * tfjs-core and both backends are dev dependencies; the wasm binaries ship inside the npm
 * package, so nothing is downloaded.
 */
export async function loadTfjs(): Promise<{ tf: Tf; backends: string[] }> {
  const tf = await import("@tensorflow/tfjs-core");
  tf.env().set("PROD", true); // no debug checks and no console advice while timing
  await import("@tensorflow/tfjs-backend-cpu");
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(`${dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"))}/`);
  const backends = ["cpu"];
  if (await tf.setBackend("wasm").catch(() => false)) backends.push("wasm");
  await tf.setBackend("cpu");
  return { tf, backends };
}
