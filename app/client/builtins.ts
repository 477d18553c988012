import type { VariableDefinition } from "@observablehq/runtime";
import { html, svg } from "htl";
import { fileAttachments } from "../../kernel/dataflow/file_attachment.ts";
import { moduleResolver } from "../../kernel/dataflow/modules.ts";
import { inputValues, observeValues } from "../../cells/observe.ts";
import { md } from "./markdown.ts";

const loadPlot = () => import("@observablehq/plot");
const loadInputs = () => import("@observablehq/inputs");

/** Cells' imports of Plot and Inputs, from node_modules through Vite (no CDN). */
/** A check cell in a page waits this long after an edit before it runs, so typing is not checked key by key. */
export const CHECK_DELAY_MS = 300;

export const pageModules = moduleResolver({ plot: loadPlot, inputs: loadInputs });

/** The width of the notebook column, as it changes (Observable's `width`). */
function widthOf(element: HTMLElement) {
  return observeValues<number>((change) => {
    let last = -1;
    const observer = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry.contentRect.width);
      if (width !== last) change((last = width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  });
}

/**
 * What every cell of a page can read without importing it. `display` and `view` here are
 * fallbacks: the kernel gives each cell its own, which show in that cell.
 */
export function pageBuiltins(column: HTMLElement): Record<string, VariableDefinition> {
  return {
    md: () => md,
    html: () => html,
    svg: () => svg,
    htl: () => ({ html, svg }),
    width: () => widthOf(column),
    Plot: loadPlot,
    Inputs: loadInputs,
    display: () => (value: unknown) => value,
    view: () => (input: Element) => inputValues(input),
    FileAttachment: () => fileAttachments(fetchBeside),
  };
}

/** A file beside the page's notebook (the server sends files of the notebooks folder). */
async function fetchBeside(path: string): Promise<Uint8Array> {
  const response = await fetch(new URL(path, location.href));
  if (response.status === 404) throw Object.assign(new Error("no such file beside the notebook"), { code: "ENOENT" });
  if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}
