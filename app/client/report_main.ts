// The script of a live report (scanbook export): the notebook's page, computed in the browser
// from the notebook the report carries, over the report's pre-rendered outputs.
import { deserialize } from "@observablehq/notebook-kit";
import { useDigitSource } from "../../cells/datasets/mnist_source.ts";
import { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { workerSpawn } from "../../kernel/worker/web_transport.ts";
// Vite inlines the worker's code in this script: the report starts it from a Blob, no request.
import EngineWorker from "../../kernel/worker/web_worker.ts?worker&inline";
import CheckWorker from "../../kernel/grading/check_worker.ts?worker&inline";
import { checkCells } from "../../kernel/grading/check_cell.ts";
import { webWorkerChecker } from "../../kernel/grading/web_worker_checker.ts";
import { CHECK_DELAY_MS } from "./builtins.ts";
import type { PackedDigits } from "../export/digits_asset.ts";
import { pageBuiltins, pageModules } from "./builtins.ts";
import { scanbookLibraryWith } from "../../cells/library.ts";
import { checkView } from "../../cells/views/check_view.ts";
import { NotebookPage } from "./notebook_page.ts";
import { packedDigitSource } from "./packed_digits.ts";
import { REPORT_DATA_IDS } from "./report_data.ts";
import { fileAttachments } from "../../kernel/dataflow/file_attachment.ts";
import "../../node_modules/@observablehq/inspector/dist/inspector.css";
import "@observablehq/inputs/dist/index.css";
import { pageTensorBudget } from "./page_budget.ts";

function readData<T>(id: string): T | undefined {
  const text = document.getElementById(id)?.textContent;
  return text ? (JSON.parse(text) as T) : undefined;
}

const source = readData<string>(REPORT_DATA_IDS.notebook);
const report = document.querySelector<HTMLElement>("main.report");
if (source !== undefined && report) {
  const digits = readData<PackedDigits>(REPORT_DATA_IDS.digits);
  if (digits) useDigitSource(packedDigitSource(digits));
  const files = readData<Record<string, string>>(REPORT_DATA_IDS.attachments) ?? {};
  const carried = (path: string): Uint8Array => {
    if (!(path in files)) throw new Error("this report carries no such file (only those the notebook read when it was exported)");
    return Uint8Array.from(atob(files[path]), (c) => c.charCodeAt(0));
  };

  // The pre-rendered output of each cell, shown until the cell computes its own.
  const outputs = new Map<number, Node[]>();
  for (const section of report.querySelectorAll<HTMLElement>("section.cell[data-cell-id]")) {
    const output = section.querySelector(".output");
    if (output) outputs.set(Number(section.dataset.cellId), [...output.childNodes]);
  }

  const nav = document.createElement("nav");
  nav.className = "top";
  nav.innerHTML = `<span class="brand">Scanbook report</span> <span id="engine-status" role="status"></span>`;
  const status = nav.querySelector<HTMLElement>("#engine-status")!;
  const root = document.createElement("main");
  root.id = "notebook";
  root.setAttribute("aria-busy", "true");

  const cells = deserialize(source).cells;
  const page = new NotebookPage(root, status, {
    cell: async (cell) => `cell ${cell.id} changed in this page only: a report keeps no edits`,
    notebook: async () => "changed in this page only: a report keeps no edits",
  });
  const kernel = new NotebookKernel(cells, {
    library: scanbookLibraryWith({ check: checkCells({ checker: webWorkerChecker(() => new CheckWorker({ name: "scanbook checks" })), checkDelayMs: CHECK_DELAY_MS, show: checkView }) }),
    spawn: workerSpawn(() => new EngineWorker({ name: "scanbook engine" })),
    // The files the notebook read when it was exported travel in the report.
    builtins: { ...pageBuiltins(root), FileAttachment: () => fileAttachments(async (path) => carried(path)) },
    modules: pageModules,
    host: page.host,
    tensorBudgetBytes: pageTensorBudget(),
  });
  page.attach(kernel, cells);
  page.showPlaceholders(outputs);
  const footer = report.querySelector("footer");
  if (footer) root.append(footer);
  report.replaceWith(nav, root);
  document.documentElement.dataset.live = "true";
  (globalThis as { scanbook?: unknown }).scanbook = { kernel, page };
}
