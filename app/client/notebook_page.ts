import type { Cell } from "@observablehq/notebook-kit";
import type { KernelHost, NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { CellView, type CellAction } from "./cell_view.ts";
import { History } from "./history.ts";
import { addCell, deleteCell, duplicateCell, moveCell } from "./structure.ts";

/** How the page keeps its edits: one cell's new code, or the whole notebook (a structural change, an undo). */
export interface PageSaver {
  /** Keeps an applied edit; resolves to what the page should say about it (by default "saved cell N"). */
  cell(cell: Cell): Promise<string | void>;
  /** Keeps the notebook's cells as they are now, in order. */
  notebook(cells: readonly Cell[]): Promise<string | void>;
}

/**
 * The page of one notebook: a CellView per cell, in file order, kept in step with the kernel
 * when a cell is edited here or the file changes on disk. Structural changes (add, delete,
 * move, duplicate) and applied edits go through one history, so Mod-Z outside an editor
 * undoes the last of them and Mod-Shift-Z redoes it; each state is saved to the file.
 */
export class NotebookPage {
  private readonly views = new Map<number, CellView>();
  /** The notebook's cells as the page has them now, in order. */
  private order: Cell[] = [];
  private kernel?: NotebookKernel;
  private busy = 0;
  private readonly history = new History<Cell[]>();

  constructor(
    private readonly root: HTMLElement,
    private readonly status: HTMLElement,
    private readonly save: PageSaver,
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
    this.order = [...cells];
    this.layout();
    this.root.setAttribute("aria-busy", "false");
    // Undo and redo of the notebook's changes, where no editor takes the keys itself.
    document.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "z" || event.altKey) return;
      if ((event.target as Element | null)?.closest?.(".cm-editor, input, textarea, select")) return;
      event.preventDefault();
      if (event.shiftKey) this.redo();
      else this.undo();
    });
  }

  /** The cells in page order (for tests and the curious). */
  get cells(): readonly Cell[] {
    return this.order;
  }

  /** Creates views for new cells, drops views of removed ones, and puts them in order. */
  private layout(): void {
    const kernel = this.kernel!;
    const byId = new Map(this.order.map((c) => [c.id, c]));
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
      else
        this.views.set(
          layout.id,
          new CellView(
            layout,
            byId.get(layout.id)!,
            (cell) => this.edit(cell),
            (action) => this.act(layout.id, action),
            this.showingAllCode,
          ),
        );
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

  private showingAllCode = false;

  /** Shows every cell's code, or only the pinned cells' (the page's "show all code"). */
  showAllCode(all: boolean): void {
    this.showingAllCode = all;
    for (const view of this.views.values()) view.showCode(all);
    this.root.classList.toggle("all-code", all);
  }

  /** Shows each cell's pre-rendered output (by cell id) until the cell computes its own. */
  showPlaceholders(outputs: ReadonlyMap<number, Node[]>): void {
    for (const [id, nodes] of outputs) this.views.get(id)?.showPlaceholder(nodes);
  }

  /** An edit applied in the page (Shift-Enter): recompute at once, then save it to the file. */
  private edit(cell: Cell): void {
    this.history.push(this.order);
    this.order = this.order.map((c) => (c.id === cell.id ? cell : c));
    this.kernel!.setCell(cell);
    this.layout();
    this.save.cell(cell).then(
      (message) => this.say(message ?? `saved cell ${cell.id}`),
      (error: Error) => this.say(`not saved: ${error.message}`, true),
    );
  }

  /** A cell's menu: add a cell beside it, move, duplicate or delete it. */
  private act(id: number, action: CellAction): void {
    let next: Cell[];
    let focus: number | undefined;
    switch (action.kind) {
      case "add": {
        const made = addCell(this.order, id, action.mode, action.where);
        next = made.cells;
        focus = made.id;
        break;
      }
      case "delete":
        next = deleteCell(this.order, id);
        break;
      case "move":
        next = moveCell(this.order, id, action.by);
        break;
      case "duplicate": {
        const made = duplicateCell(this.order, id);
        next = made.cells;
        focus = made.id;
        break;
      }
    }
    if (next === this.order) return;
    this.history.push(this.order);
    this.apply(next, describe(action, id));
    if (focus !== undefined) this.views.get(focus)?.openEditor();
  }

  /** Mod-Z: the notebook as it was before the last change (a structural one, or an applied edit). */
  undo(): void {
    const previous = this.history.undo(this.order);
    if (previous) this.apply(previous, "undone");
    else this.say("nothing to undo");
  }

  /** Mod-Shift-Z: the change undone last, again. */
  redo(): void {
    const next = this.history.redo(this.order);
    if (next) this.apply(next, "redone");
    else this.say("nothing to redo");
  }

  /** Runs every cell again, as opening the notebook would (the engine and its tensors stay). */
  runAll(): void {
    this.kernel!.rerunAll();
    this.say("running every cell");
  }

  /** Brings the kernel, the views and the file to `cells`. */
  private apply(cells: Cell[], what: string): void {
    this.order = cells;
    this.kernel!.update(cells);
    this.layout();
    this.save.notebook(cells).then(
      (message) => this.say(message ?? `${what}; saved`),
      (error: Error) => this.say(`${what}; not saved: ${error.message}`, true),
    );
  }

  /** The file changed on disk: changed cells compute again, the others keep their values. */
  reload(cells: readonly Cell[]): void {
    const touched = this.kernel!.update(cells);
    if (!touched.length) return; // our own save, or a change that altered no cell
    this.order = [...cells];
    this.layout();
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

function describe(action: CellAction, id: number): string {
  switch (action.kind) {
    case "add":
      return `added a ${action.mode === "md" ? "Markdown" : action.mode === "ts" ? "TypeScript" : "JavaScript"} cell ${action.where} cell ${id}`;
    case "delete":
      return `deleted cell ${id} (Mod-Z brings it back)`;
    case "move":
      return `moved cell ${id} ${action.by < 0 ? "up" : "down"}`;
    case "duplicate":
      return `duplicated cell ${id}`;
  }
}
