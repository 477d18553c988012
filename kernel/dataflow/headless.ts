import { readFile, realpath } from "node:fs/promises";
import { totalmem } from "node:os";
import { join, sep } from "node:path";
import { JSDOM } from "jsdom";
import type { VariableDefinition } from "@observablehq/runtime";
import type { Spawn } from "../worker/client.ts";
import { nodeSpawn } from "../worker/node_transport.ts";
import { fileAttachments } from "./file_attachment.ts";
import { headlessInputs } from "./headless_inputs.ts";
import { moduleResolver } from "./modules.ts";
import { NotebookKernel, type KernelOptions } from "./notebook.ts";
import { serialize, type Notebook } from "@observablehq/notebook-kit";
import { parseNotebook } from "./notebook_file.ts";
import { DEFAULT_TENSOR_BUDGET_BYTES } from "./tensor_budget.ts";

/** One tensor may take a quarter of the machine's memory, and no more than the default. */
export const headlessTensorBudget = (): number => Math.min(DEFAULT_TENSOR_BUDGET_BYTES, Math.floor(totalmem() / 4));

/**
 * Notebooks in Node, without a page: the engine in worker_threads, a jsdom document for the
 * libraries that draw (Plot, Inputs), and text in place of rendered markdown.
 */
let dom: JSDOM | undefined;
function window(): JSDOM["window"] {
  dom ??= new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: false });
  return dom.window;
}

/** Template tags that keep the text: a headless run reports it as a short string. */
const textTag = (strings: TemplateStringsArray, ...values: unknown[]) => strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ""), "");

/**
 * Plot, Inputs and the library's views and inputs need a document; they get jsdom's,
 * installed as the global one (where Node has none of its own).
 */
function installDocument(): void {
  const w = window();
  const g = globalThis as Record<string, unknown>;
  for (const key of ["document", "window", "navigator", "HTMLElement", "Element", "Node", "Text", "Event", "CustomEvent", "getComputedStyle"]) {
    if (g[key] === undefined) g[key] = (w as unknown as Record<string, unknown>)[key];
  }
}

async function withDocument<T>(load: () => Promise<T>): Promise<T> {
  installDocument();
  return load();
}

const loadPlot = () => withDocument(() => import("@observablehq/plot"));
const loadInputs = () => Promise.resolve(headlessInputs);

export const headlessBuiltins: Record<string, VariableDefinition> = {
  md: () => textTag,
  html: () => textTag,
  svg: () => textTag,
  tex: () => textTag,
  width: () => 640,
  /** Shown values have no page here; display returns what it is given. */
  display: () => (value: unknown) => value,
  /** An input's current value stands for the view. */
  view: () => (input: { value?: unknown }) => input?.value,
  Plot: loadPlot,
  Inputs: loadInputs,
};

export const headlessModules = moduleResolver({ plot: loadPlot, inputs: loadInputs });

/** The kernel's options, all but the library with headless defaults (the caller hands in "scanbook", from cells/). */
export interface HeadlessOptions extends Partial<Omit<KernelOptions, "spawn" | "library">>, Pick<KernelOptions, "library"> {
  spawn?: Spawn;
  /** The notebook's folder: FileAttachment reads files there (without one it refuses). */
  directory?: string;
  /** Where the files FileAttachment read are kept, by name (an export carries them in its live report). */
  attachmentsRead?: Map<string, Uint8Array>;
}

/** FileAttachment for a notebook in `directory` (or one that says it has no folder). */
function attachmentsIn(directory: string | undefined, read?: Map<string, Uint8Array>) {
  return fileAttachments(async (path) => {
    if (!directory) throw new Error("this notebook was opened without a folder to read files from");
    // A link inside the folder that leads out of it is refused as a "../" name is.
    const [folder, file] = await Promise.all([realpath(directory), realpath(join(directory, path))]);
    if (!file.startsWith(folder + sep)) throw new Error("expected a file inside the notebook's folder; this one links outside it");
    const bytes = new Uint8Array(await readFile(file));
    read?.set(path, bytes);
    return bytes;
  });
}

/** A notebook file read with jsdom's DOMParser (Notebook Kit's deserializer needs one). */
export function readNotebook(html: string): Notebook {
  return parseNotebook(html, new (window().DOMParser)());
}

/** A notebook in Notebook Kit's file format, written with its own serializer (on jsdom's document). */
export function writeNotebook(notebook: Notebook): string {
  return serialize(notebook, { document: window().document });
}

/** A notebook run headless, from its file's text or from the notebook read already. */
export function openHeadless(source: string | Notebook, options: HeadlessOptions): NotebookKernel {
  installDocument();
  const notebook = typeof source === "string" ? readNotebook(source) : source;
  const { directory, attachmentsRead, ...kernelOptions } = options;
  return new NotebookKernel(notebook.cells, {
    builtins: { ...headlessBuiltins, FileAttachment: () => attachmentsIn(directory, attachmentsRead) },
    modules: headlessModules,
    tensorBudgetBytes: headlessTensorBudget(),
    trainingRedrawMs: Infinity, // nobody watches a headless training: its cells recompute at epoch ends

    ...kernelOptions,
    ...(kernelOptions.builtins ? { builtins: { FileAttachment: () => attachmentsIn(directory, attachmentsRead), ...kernelOptions.builtins } } : {}),
    spawn: options.spawn ?? nodeSpawn,
  });
}
