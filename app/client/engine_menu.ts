import type { BackendName, EngineInfo } from "../../kernel/tensor/backend.ts";

/** The page's URL parameter that picks the engine's backend (`?backend=js`: the TypeScript reference). */
export const BACKEND_PARAMETER = "backend";

/** The backend the page's address asks for; the WebAssembly kernels unless it says js. */
export function chosenBackend(url: URL): BackendName {
  return url.searchParams.get(BACKEND_PARAMETER) === "js" ? "js" : "wasm";
}

/** What the engine menu says of the engine: what computes, on how many threads. */
export function describeEngine(info: EngineInfo): { label: string; detail: string } {
  const what = info.backend === "wasm" ? `WebAssembly SIMD${info.fusedMultiplyAdd ? " + FMA" : ""}` : "TypeScript reference";
  const threads = `${info.threads} thread${info.threads === 1 ? "" : "s"}`;
  const detail = [info.note, info.threadNote, `kernel memory ${(info.memoryBytes / 2 ** 20).toFixed(0)} MB`].filter(Boolean).join("; ");
  return { label: `${what} · ${threads}`, detail };
}

/**
 * The engine menu in the page's top bar: which backend computes (and why not the fast one,
 * when it does not), its threads, and a choice between the two backends. Choosing reloads the
 * notebook with the other backend (the worker picks it before its first job).
 */
export function engineMenu(element: HTMLElement, chosen: BackendName, info: () => Promise<EngineInfo>): () => Promise<void> {
  const select = document.createElement("select");
  select.setAttribute("aria-label", "engine backend");
  for (const [value, text] of [
    ["wasm", "WebAssembly kernels"],
    ["js", "TypeScript reference"],
  ] as const) {
    select.append(new Option(text, value, value === chosen, value === chosen));
  }
  select.addEventListener("change", () => {
    const url = new URL(location.href);
    if (select.value === "js") url.searchParams.set(BACKEND_PARAMETER, "js");
    else url.searchParams.delete(BACKEND_PARAMETER);
    location.assign(url);
  });
  const label = document.createElement("span");
  label.className = "engine-label";
  element.replaceChildren(label, select);
  return async () => {
    const { label: text, detail } = describeEngine(await info());
    label.textContent = text;
    element.title = detail;
  };
}
