import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { TrainingState } from "../training.ts";
import { element } from "./figure.ts";

/** The tensors a training replaces in the model it exports: each starting tensor → its latest value. */
export function trainedTensors(state: Pick<TrainingState, "params" | "buffers" | "start">): Map<LayerValue, LayerValue> {
  const replace = new Map<LayerValue, LayerValue>();
  for (const kind of ["params", "buffers"] as const) for (const [name, start] of Object.entries(state.start[kind])) replace.set(start, state[kind][name] ?? start);
  return replace;
}

/** The names the training gave its tensors (`params: {w3, b3}`), by tensor: what the exported weights are called. */
export function trainedNames(state: Pick<TrainingState, "start">): Map<LayerValue, string> {
  return new Map([...Object.entries(state.start.params), ...Object.entries(state.start.buffers)].map(([name, v]) => [v, name] as const));
}

/** Saves bytes as a file the browser downloads. */
function save(bytes: Uint8Array, file: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = element("a", { href: url, download: file });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * "download ONNX" and "download safetensors" for a training given its scores: the network that
 * computes them with the parameters of the last epoch that ended. The exporter loads when asked.
 */
export function modelDownloads(state: TrainingState, status: HTMLElement): HTMLElement[] {
  const scores = state.scores;
  if (!scores) return [];
  const ready = state.perEpoch.length > 0;
  const name = scores.label.replace(/[^\w-]+/g, "_");
  const download = (kind: "onnx" | "safetensors") => {
    const b = element("button", { type: "button", class: `download-${kind}` }) as HTMLButtonElement;
    b.textContent = `download ${kind === "onnx" ? "ONNX" : "safetensors"}`;
    b.title = ready ? `the network computing ${scores.label}, with the parameters of epoch ${state.perEpoch.length}` : "after the first epoch";
    b.disabled = !ready;
    b.addEventListener("click", async () => {
      try {
        const [{ exportOnnx }, { writeSafetensors }] = await Promise.all([import("../../kernel/interop/onnx_export.ts"), import("../../kernel/interop/safetensors.ts")]);
        const model = await exportOnnx(scores, { replace: trainedTensors(state), names: trainedNames(state) });
        if (kind === "onnx") save(model.onnx, `${name}.onnx`, "application/octet-stream");
        else save(writeSafetensors(model.weights, { output: model.output }), `${name}.safetensors`, "application/octet-stream");
        status.textContent = `saved ${name}.${kind}: ${model.weights.size} weight tensors, epoch ${state.perEpoch.length}`;
      } catch (error) {
        status.textContent = `not saved: ${(error as Error).message}`;
      }
    });
    return b;
  };
  return [download("onnx"), download("safetensors")];
}
