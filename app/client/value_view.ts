import { statsText, tensorLineHtml } from "../format.ts";
import { Inspector } from "@observablehq/inspector";
import { NetworkSummary } from "../../cells/summary.ts";
import { summaryTable } from "../../cells/views/summary_table.ts";
import { LayerValue } from "../../kernel/dataflow/layer_value.ts";

/**
 * A layer value as a line: its shape and op at once (known from shapes alone), then min, max
 * and mean once the worker has them. Nothing else crosses from the worker.
 */
function tensorLine(value: LayerValue, name: string | null): HTMLElement {
  const line = document.createElement("div");
  line.className = "tensor-line";
  line.innerHTML = tensorLineHtml(name, value.shape, value.op, "…");
  const stats = line.querySelector(".stats")!;
  value.stats().then(
    (s) => {
      stats.textContent = statsText(s, value.shape);
    },
    (error: Error) => {
      stats.textContent = error.message;
    },
  );
  return line;
}

/** Whether a value is a DOM node this cell may show as is (not one shown elsewhere already). */
function isShowable(value: unknown, root: Element): value is Element | Text {
  return (value instanceof Element || value instanceof Text) && (!value.parentNode || root.contains(value));
}

/**
 * A value as a cell shows it: a node as itself, a tensor as its line, a network summary as
 * its table, anything else in the inspector.
 */
export function renderValue(value: unknown, name: string | null, root: Element): Node {
  if (isShowable(value, root)) return value;
  if (value instanceof LayerValue) return tensorLine(value, name);
  if (value instanceof NetworkSummary) return summaryTable(value);
  const node = document.createElement("div");
  new Inspector(node).fulfilled(value, name);
  return node;
}

/** An error as a cell shows it: the message, and the cell it waits on when it started elsewhere. */
export function renderError(error: unknown, name: string | null, waitsOn?: string): Node {
  const node = document.createElement("div");
  node.className = "cell-error";
  node.setAttribute("role", "alert");
  const message = error instanceof Error ? error.message : String(error);
  if (waitsOn) {
    node.classList.add("waits");
    node.textContent = `${name ? `${name}: ` : ""}waits on ${waitsOn}, which has an error`;
    node.title = message;
  } else {
    node.textContent = `${name ? `${name}: ` : ""}${message}`;
  }
  return node;
}
