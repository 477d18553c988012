import type { Cell } from "@observablehq/notebook-kit";
import type { KernelHost, NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { CellView } from "./cell_view.ts";

/**
 * The page of one notebook: a CellView per cell, in file order, kept in step with the kernel
 * when a cell is edited here or the file changes on disk.
 */
export class NotebookPage {
  private readonly views = new Map<number, CellView>();
  private readonly cells = new Map<number, Cell>();
  private kernel?: NotebookKernel;
  private busy = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly status: HTMLElement,
    /** Keeps an edit; resolves to what the page should say about it (by default "saved cell N"). */
    private readonly save: (cell: Cell) => Promise<string | void>,
  ) {}

  readonly host: KernelHost = {
    displayFor: (id) => this.views.get(id)!.displayFor(),
    changed: (state) => {
      this.views.get(state.cell)?.update(state);
      this.track();
    },
  };

  attach(kernel: NotebookKernel, cells: readonly Cell[]): void {
    this.kernel = kernel;
    this.layout(cells);
    this.root.setAttribute("aria-busy", "false");
  }

  /** Creates views for new cells, drops views of removed ones, and puts them in file order. */
  private layout(cells: readonly Cell[]): void {
    const kernel = this.kernel!;
    for (const cell of cells) this.cells.set(cell.id, cell);
    const layouts = kernel.layout();
    const ids = new Set(layouts.map((l) => l.id));
    for (const [id, view] of this.views)
      if (!ids.has(id)) {
        view.element.remove();
        this.views.delete(id);
      }
    for (const layout of layouts) {
      const view = this.views.get(layout.id);
      if (view) view.setLayout(layout);
      else this.views.set(layout.id, new CellView(layout, this.cells.get(layout.id)!, (cell) => this.edit(cell)));
    }
    // Moves only the cells out of place: an applied edit moves none, so the focused editor,
    // its caret and the scroll position stay where they were.
    let before: ChildNode | null = this.root.firstChild;
    for (const layout of layouts) {
      const element = this.views.get(layout.id)!.element;
      if (element === before) before = element.nextSibling;
      else this.root.insertBefore(element, before);
    }
    while (before) {
      const next: ChildNode | null = before.nextSibling;
      before.remove();
      before = next;
    }
  }

  /** Shows every cell's code, or only the pinned cells' (the page's "show all code"). */
  showAllCode(all: boolean): void {
    for (const view of this.views.values()) view.showCode(all);
    this.root.classList.toggle("all-code", all);
  }

  /** Shows each cell's pre-rendered output (by cell id) until the cell computes its own. */
  showPlaceholders(outputs: ReadonlyMap<number, Node[]>): void {
    for (const [id, nodes] of outputs) this.views.get(id)?.showPlaceholder(nodes);
  }

  /** An edit applied in the page (Shift-Enter): recompute at once, then save it to the file. */
  private edit(cell: Cell): void {
    this.kernel!.setCell(cell);
    this.layout([cell]);
    this.save(cell).then(
      (message) => this.say(message ?? `saved cell ${cell.id}`),
      (error: Error) => this.say(`not saved: ${error.message}`, true),
    );
  }

  /** The file changed on disk: changed cells compute again, the others keep their values. */
  reload(cells: readonly Cell[]): void {
    const touched = this.kernel!.update(cells);
    if (!touched.length) return; // our own save, or a change that altered no cell
    this.layout(cells);
    this.say(`file changed on disk: updated ${touched.length} cell${touched.length > 1 ? "s" : ""}`);
  }

  private track(): void {
    const pending = this.root.querySelectorAll(".cell.pending").length;
    if (pending !== this.busy) {
      this.busy = pending;
      this.root.setAttribute("aria-busy", String(pending > 0));
      this.onBusy?.(pending);
    }
  }

  /** Hears how many cells are computing whenever that changes (the top bar's indicator). */
  onBusy?: (pending: number) => void;

  private cleared?: ReturnType<typeof setTimeout>;
  /** How long a message stays in the status line (an error stays until the next message). */
  static readonly MESSAGE_MS = 6000;

  private say(message: string, error = false): void {
    this.status.textContent = message;
    this.status.classList.toggle("error", error);
    clearTimeout(this.cleared);
    if (!error)
      this.cleared = setTimeout(() => {
        if (this.status.textContent === message) this.status.textContent = "";
      }, NotebookPage.MESSAGE_MS);
  }
}
