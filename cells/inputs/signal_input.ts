import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { Tensor } from "../../kernel/tensor/tensor.ts";
import { element } from "../views/figure.ts";
import { heatmap } from "../views/heatmap.ts";
import { mapColors, type ChannelMap } from "../views/maps.ts";
import { announce, withValue, type InputElement } from "./controls.ts";
import { RECORDING_NAMES, sampleRecording } from "./recordings.ts";
import { spectrogram } from "./spectrogram.ts";
import { readWav } from "./wav.ts";

export interface SignalInputOptions {
  /** Frequency channels (default 16). */
  channels?: number;
  /** Time frames of the bundled recordings (default 128). */
  frames?: number;
  /** The recording to start from (default "with pattern (early)"). */
  sample?: string;
  label?: string;
}

/**
 * A 1-D input for time-delay networks [1, channels, frames]: a bundled synthetic recording
 * (with or without the target pattern), or a WAV file turned into a log-mel spectrogram.
 * Its value is the recording tensor.
 */
export function signalInputFactory(upload: (t: Tensor) => LayerValue) {
  return function signalInput(options: SignalInputOptions = {}): InputElement<LayerValue> {
    const { channels = 16, frames = 128, label = "recording" } = options;
    let current: { channels: number; frames: number; data: Float32Array } = sampleRecording(options.sample ?? RECORDING_NAMES[0], channels, frames);
    const make = () => upload({ shape: [1, current.channels, current.frames], data: Float32Array.from(current.data) });
    let value = make();

    const root = element("div", { class: "scanbook-input signal-input", role: "group", "aria-label": label }, { font: "13px system-ui, sans-serif" });
    const bar = root.appendChild(element("div", {}, { display: "flex", gap: "8px", alignItems: "center", flexWrap: "wrap", marginBottom: "6px" }));
    const pick = bar.appendChild(element("select", { "aria-label": `${label}: bundled recording` })) as HTMLSelectElement;
    for (const name of RECORDING_NAMES) Object.assign(pick.appendChild(element("option", { value: name })), { textContent: name });
    pick.value = options.sample ?? RECORDING_NAMES[0];
    const file = bar.appendChild(element("input", { type: "file", accept: ".wav,audio/wav,audio/x-wav", "aria-label": `${label}: upload a WAV file` })) as HTMLInputElement;
    const status = bar.appendChild(element("span", { role: "status" }, { color: "var(--muted, #5b6270)" }));
    const picture = root.appendChild(element("div", {}, { lineHeight: "0" }));

    const show = () => {
      const map: ChannelMap = { channel: 0, rows: current.channels, cols: current.frames, values: current.data, min: Math.min(...current.data), max: Math.max(...current.data) };
      const cell = Math.max(2, Math.min(6, Math.floor(640 / current.frames)));
      picture.replaceChildren(heatmap(map, mapColors([map], { signed: false })[0], cell));
      picture.setAttribute("aria-label", `${current.channels} channels × ${current.frames} frames`);
    };
    const replace = (next: typeof current, note: string) => {
      current = next;
      value = make();
      status.textContent = note;
      show();
      announce(root);
    };
    pick.addEventListener("input", (e) => {
      e.stopPropagation();
      replace(sampleRecording(pick.value, channels, frames), pick.value);
    });
    file.addEventListener("input", (e) => e.stopPropagation());
    file.addEventListener("change", () => {
      const wav = file.files?.[0];
      if (!wav) return;
      wav
        .arrayBuffer()
        .then((buffer) => {
          const s = spectrogram(readWav(buffer), channels);
          replace(s, `${wav.name}: ${s.frames} frames of 10 ms`);
        })
        .catch((error: Error) => {
          status.textContent = error.message;
        });
    });
    show();
    return withValue(
      root,
      () => value,
      () => {
        throw new Error("signalInput: the value is set by a recording or an upload");
      },
    );
  };
}
