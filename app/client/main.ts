import { deserialize, type Cell } from "@observablehq/notebook-kit";
import { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { workerSpawn } from "../../kernel/worker/web_transport.ts";
import { checkCells } from "../../kernel/grading/check_cell.ts";
import { webWorkerChecker } from "../../kernel/grading/web_worker_checker.ts";
import { CHECK_DELAY_MS } from "./builtins.ts";
import { API, EVENTS } from "../routes.ts";
import { pageBuiltins, pageModules } from "./builtins.ts";
import { NotebookPage } from "./notebook_page.ts";
// The inspector's package exports no stylesheet; it is read from its file.
import "../../node_modules/@observablehq/inspector/dist/inspector.css";
import "@observablehq/inputs/dist/index.css";
import { scanbookLibraryWith } from "../../cells/library.ts";
import { checkView } from "../../cells/views/check_view.ts";
import { pageTensorBudget } from "./page_budget.ts";
import { chosenBackend, engineMenu } from "./engine_menu.ts";
import { keyboardHelp } from "./keyboard_help.ts";

const root = document.getElementById("notebook")!;
const path = root.dataset.path!;
const status = document.getElementById("engine-status")!;

async function readCells(): Promise<Cell[]> {
  const response = await fetch(`${API}/notebook?path=${encodeURIComponent(path)}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`${path}: ${await response.text()}`);
  return deserialize(await response.text()).cells;
}

/**
 * Saves go one after another, so the file ends as the page's last state (two quick undos
 * must not land in the other order), and the page ignores the file's change events while
 * its own saves are on their way (they would bring back a state it has already left).
 */
let saving: Promise<unknown> = Promise.resolve();
let savesInFlight = 0;
function post(route: string, body: unknown): Promise<void> {
  savesInFlight++;
  const done = saving.then(async () => {
    const response = await fetch(`${API}/${route}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(await response.text());
  });
  saving = done.catch(() => {}).finally(() => savesInFlight--);
  return done;
}

/** Keeps the page's edits in the notebook file: one cell's code, or all the cells in order. */
const save = {
  cell: (cell: Cell) => post("save", { path, id: cell.id, value: cell.value }),
  notebook: (cells: readonly Cell[]) => post("save-notebook", { path, cells: cells.map(({ id, mode, value, pinned }) => ({ id, mode, value, pinned: pinned === true })) }),
};

const backend = chosenBackend(new URL(location.href));
const cells = await readCells();
const page = new NotebookPage(root, status, save);
const kernel = new NotebookKernel(cells, {
  library: scanbookLibraryWith({
    check: checkCells({
      checker: webWorkerChecker(() => new Worker(new URL("../../kernel/grading/check_worker.ts", import.meta.url), { type: "module", name: "scanbook checks" })),
      checkDelayMs: CHECK_DELAY_MS,
      show: checkView,
    }),
  }),
  // The worker script served beside the page (written out in full so Vite bundles it).
  spawn: workerSpawn(() => new Worker(new URL("../../kernel/worker/web_worker.ts", import.meta.url), { type: "module", name: "scanbook engine" }), { backend }),
  builtins: pageBuiltins(root),
  modules: pageModules,
  host: page.host,
  tensorBudgetBytes: pageTensorBudget(),
});
page.attach(kernel, cells);
const busy = document.getElementById("busy")!;
page.onBusy = (pending) => {
  const jobs = kernel.engine.client.jobsInFlight;
  busy.textContent = pending ? `computing ${pending} cell${pending === 1 ? "" : "s"}${jobs ? ` · ${jobs} engine job${jobs === 1 ? "" : "s"}` : ""}` : "idle";
  busy.classList.toggle("busy", pending > 0);
};
page.onBusy(document.querySelectorAll(".cell.pending").length);
const showCode = document.getElementById("show-code") as HTMLInputElement;
showCode.addEventListener("change", () => page.showAllCode(showCode.checked));
document.getElementById("run-all")!.addEventListener("click", () => page.runAll());
document.getElementById("keyboard-help")!.addEventListener("click", keyboardHelp());
status.dataset.isolated = String(globalThis.crossOriginIsolated);
const showEngine = engineMenu(document.getElementById("engine-menu")!, backend, () => kernel.engine.client.engineInfo());
void kernel.settled().then(showEngine);

// The file changed on disk (another editor, git): update the changed cells in place. The
// server says so as an event, the same from the sources and from the built package.
new EventSource(`${EVENTS}?path=${encodeURIComponent(path)}`).onmessage = async () => {
  if (savesInFlight) return;
  const cells = await readCells();
  if (!savesInFlight) page.reload(cells);
};

// For end-to-end tests and the curious: the kernel of this page.
(globalThis as { scanbook?: unknown }).scanbook = { kernel, page };
