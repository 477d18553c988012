import { escapeHtml, statsText, tensorLineHtml } from "../format.ts";
import { readFileSync } from "node:fs";
import { NetworkSummary } from "../../cells/summary.ts";
import { summaryTable } from "../../cells/views/summary_table.ts";
import { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { CellLayout, CellState } from "../../kernel/dataflow/notebook.ts";
import { formatSummary, summarizeValue } from "../../kernel/dataflow/value_summary.ts";

/** What a settled notebook gives the report: its cells in order, their states, and what each displayed. */
export interface SettledNotebook {
  title: string;
  layout: CellLayout[];
  states: CellState[];
  displayed: ReadonlyMap<number, readonly unknown[]>;
}

/**
 * A node's markup with each canvas that holds a picture (an image input paints its picture
 * inside the canvas headless) turned into a <div> showing that picture: a canvas shows its
 * content only where JavaScript is off, and a static report must show it either way.
 */
function staticMarkup(node: Element): string {
  if (!node.querySelector("canvas, button, input, select")) return node.outerHTML;
  const copy = node.cloneNode(true) as Element;
  freezeControls(copy);
  for (const canvas of copy.querySelectorAll("canvas")) {
    if (!canvas.childNodes.length) continue;
    const div = canvas.ownerDocument.createElement("div");
    for (const { name, value } of canvas.attributes) div.setAttribute(name, value);
    div.style.lineHeight = "0";
    div.append(...canvas.childNodes);
    canvas.replaceWith(div);
  }
  return copy.outerHTML;
}

/**
 * A printed page cannot be clicked: its controls become the values they were set to. Buttons
 * (play, pause, clear, reset) and file pickers go; a slider gives way to the value its output
 * shows (or to its value); a picker to the option chosen (none when it chose nothing, as a
 * "preset…" menu); a text field being typed in goes.
 */
function freezeControls(root: Element): void {
  const doc = root.ownerDocument;
  const value = (text: string) => Object.assign(doc.createElement("span"), { className: "frozen-value", textContent: text });
  for (const button of root.querySelectorAll("button")) button.remove();
  for (const input of root.querySelectorAll("input")) {
    const type = input.getAttribute("type") ?? "text";
    if (type === "range" || type === "number") {
      if (input.nextElementSibling?.tagName === "OUTPUT") input.remove();
      else input.replaceWith(value(input.value || input.getAttribute("value") || ""));
    } else if (type === "checkbox") input.replaceWith(value(input.checked ? "yes" : "no"));
    else input.remove();
  }
  for (const select of root.querySelectorAll("select")) {
    const chosen = select.selectedOptions[0];
    if (chosen && chosen.value !== "") select.replaceWith(value(chosen.textContent ?? ""));
    else select.remove();
  }
}

/** One value as static HTML: a node as its markup, a tensor as its line, anything else as text. */
async function valueHtml(value: unknown, name: string | null): Promise<string> {
  const label = name ? `<span class="name">${escapeHtml(name)}</span> = ` : "";
  if (value instanceof LayerValue) {
    return `<div class="tensor-line">${tensorLineHtml(name, value.shape, value.op, statsText(await value.stats(), value.shape))}</div>`;
  }
  if (value instanceof NetworkSummary) return summaryTable(value).outerHTML;
  const stub = value as { headless?: unknown; kind?: unknown; value?: unknown };
  if (stub?.headless === true && typeof stub.kind === "string") {
    // An Observable Inputs control, which has no page here: say what it is set to.
    return `<div class="value-row">${label}<span class="op">${escapeHtml(stub.kind)} input</span> set to ${escapeHtml(formatSummary(await summarizeValue(stub.value)))}</div>`;
  }
  const node = value as { outerHTML?: unknown; nodeType?: unknown };
  if (typeof node?.outerHTML === "string" && typeof node.nodeType === "number") return `${name ? `<div class="value-row">${label}</div>` : ""}${staticMarkup(value as Element)}`;
  return `<div class="value-row">${label}${escapeHtml(formatSummary(await summarizeValue(value)))}</div>`;
}

function errorHtml(state: CellState, anonymous: boolean): string {
  const who = anonymous ? "" : `${escapeHtml(state.name)}: `;
  const message = state.error instanceof Error ? state.error.message : String(state.error);
  return state.waitsOn
    ? `<div class="cell-error waits">${who}waits on ${escapeHtml(state.waitsOn)}, which has an error</div>`
    : `<div class="cell-error" role="alert">${who}${escapeHtml(message)}</div>`;
}

/** A cell's output as the page would show it, fixed: displayed nodes, its value, or a row per name. */
async function outputHtml(cell: CellLayout, states: CellState[], displayed: readonly unknown[]): Promise<string> {
  const parts: string[] = [];
  for (const d of displayed) parts.push(await valueHtml(d, null));
  for (const state of states) {
    const anonymous = state.name === `cell ${cell.id}`;
    if (state.status === "error") parts.push(errorHtml(state, anonymous));
    else if (state.status !== "ok") parts.push(`<div class="cell-error">${escapeHtml(state.name)}: did not settle</div>`);
    else if (anonymous && cell.autodisplay) parts.push(await valueHtml(state.value, null));
    else if (!anonymous && !cell.displays) parts.push(await valueHtml(state.value, state.name));
  }
  return parts.join("\n");
}

const STYLE = readFileSync(new URL("../client/style.css", import.meta.url), "utf8");
const REPORT_STYLE = `
.code-fold summary { font: 11px system-ui, sans-serif; color: var(--muted); cursor: pointer; width: max-content; }
.code { margin: 0.25rem 0 0; padding: 0.4rem 0.6rem; font: 12px/1.5 ui-monospace, monospace; white-space: pre-wrap; color: #39414d; }
main.report .scanbook-input :is(input, select, button, textarea), .placeholder .scanbook-input :is(input, select, button, textarea) { pointer-events: none; }
.frozen-value { font: 13px ui-monospace, monospace; padding: 0 0.3rem; border-bottom: 1px solid var(--rule); }
/* Shapes and table rows stay whole: no [1, 16,\n 8, 8], no row cut between two pages, no total row repeated on each. */
.tensor-line .shape, .summary-table td { white-space: nowrap; }
@media print { tr { break-inside: avoid; } tfoot { display: table-row-group; } figure { break-inside: avoid; } }
footer { color: var(--muted); font-size: 0.8rem; margin-top: 3rem; }`;

/**
 * A notebook as one static HTML page: its prose, every cell's output as it was when the
 * notebook settled (figures as inline SVG, values as text) and the code below each output
 * (shown for pinned cells, folded for the rest).
 * No script, no external resource: it reads the same with JavaScript off and no network.
 */
export async function staticReport(notebook: SettledNotebook): Promise<string> {
  const sections: string[] = [];
  for (const cell of notebook.layout) {
    const states = notebook.states.filter((s) => s.cell === cell.id);
    const output = await outputHtml(cell, states, notebook.displayed.get(cell.id) ?? []);
    const prose = cell.mode !== "js" && cell.mode !== "ts";
    // Code reads as the page shows it: a pinned cell's under its output, the rest folded
    // behind "code" (opened with a click, no script; closed in print).
    const listing = `<pre class="code"><code>${escapeHtml(cell.source)}</code></pre>`;
    const code = prose ? "" : cell.pinned ? listing : `<details class="code-fold"><summary>code</summary>${listing}</details>`;
    const failed = states.some((s) => s.status === "error") ? " failed" : "";
    sections.push(`<section class="cell mode-${cell.mode}${failed}" data-cell-id="${cell.id}">\n<div class="output">${output}</div>\n${code}\n</section>`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="scanbook export">
<title>${escapeHtml(notebook.title)}</title>
<style>${STYLE}${REPORT_STYLE}</style>
</head>
<body>
<main class="report">
${sections.join("\n")}
<footer>Exported by Scanbook from a notebook that settled on ${new Date().toISOString().slice(0, 10)}.</footer>
</main>
</body>
</html>
`;
}

/** An index page for a folder of reports. */
export function indexReport(reports: Array<{ file: string; title: string; bytes: number }>): string {
  const items = reports
    .map((r) => `<li><a href="${encodeURI(r.file)}">${escapeHtml(r.title)}</a> <code>${escapeHtml(r.file)}</code> <span class="size">${(r.bytes / 1024).toFixed(0)} KiB</span></li>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Scanbook reports</title><style>${STYLE}</style></head>
<body><main class="index"><h1>Scanbook reports</h1><ul class="notebooks">
${items}
</ul></main></body>
</html>
`;
}
