import type { TrainingState } from "../training.ts";
import { element, figure } from "./figure.ts";
import { modelDownloads } from "./model_download.ts";

/** The line a progress view shows (the data step; tested). */
export function progressText(s: Pick<TrainingState, "status" | "epoch" | "epochs" | "step" | "stepsPerEpoch" | "recent" | "validation" | "ms" | "error">): string {
  if (s.status === "failed") return `failed: ${s.error}`;
  const parts = [`${s.status}`, `epoch ${Math.min(s.epoch + 1, s.epochs)}/${s.epochs}`, `step ${s.step}/${s.stepsPerEpoch * s.epochs}`];
  // Over the last steps, across epoch ends (a mean over the epoch so far would restart each epoch).
  const over = s.recent ? ` (last ${s.recent.steps} step${s.recent.steps === 1 ? "" : "s"})` : "";
  if (s.recent) parts.push(`loss ${s.recent.loss.toFixed(4)}${s.recent.accuracy === null ? over : ""}`);
  if (s.recent && s.recent.accuracy !== null) parts.push(`accuracy ${(100 * s.recent.accuracy).toFixed(1)}%${over}`);
  if (s.validation?.accuracy != null) parts.push(`held-out ${(100 * s.validation.accuracy).toFixed(1)}%`);
  parts.push(`${(s.ms / 1000).toFixed(1)} s`);
  return parts.join(" · ");
}

/**
 * A training cell's progress: a progress bar over all steps, the loss and accuracy of the last
 * steps, the time so far, and pause / resume / stop buttons; restart once it has ended; the
 * trained network as ONNX or safetensors once an epoch has ended (when the training has scores).
 */
export function trainingProgress(state: TrainingState): HTMLElement {
  if (!state || typeof state.pause !== "function") throw new Error("trainingProgress: expected the value of a train(...) cell");
  const total = state.stepsPerEpoch * state.epochs;
  const { figure: root, body } = figure("training-progress", progressText(state), "training progress");
  root.dataset.status = state.status;
  const bar = body.appendChild(element("progress", { max: String(total), value: String(state.step), "aria-label": "training steps done" }, { width: "320px" })) as HTMLProgressElement;
  bar.value = state.step;
  const button = (text: string, action: () => void, enabled: boolean) => {
    const b = body.appendChild(element("button", { type: "button" })) as HTMLButtonElement;
    b.textContent = text;
    b.disabled = !enabled;
    b.addEventListener("click", action);
  };
  const live = state.status === "running" || state.status === "paused";
  button(state.status === "paused" ? "resume" : "pause", state.status === "paused" ? state.resume : state.pause, live);
  button("stop", state.stop, live);
  button("restart", state.restart, !live && typeof state.restart === "function");
  // The trained network as a file, once an epoch has ended (the training goes on meanwhile).
  const said = element("div", { class: "download-status", "aria-live": "polite" }, { font: "12px system-ui, sans-serif", color: "var(--muted, #5b6270)" });
  const downloads = modelDownloads(state, said);
  if (downloads.length) {
    body.append(...downloads);
    root.append(said);
  }
  return root;
}
