import type { Cell } from "@observablehq/notebook-kit";
import type { CellLayout, CellState } from "../../kernel/dataflow/notebook.ts";
import { cellEditor, type CellEditor } from "./editor.ts";
import { liveEditFor } from "./exercise_editing.ts";
import { inputValues } from "../../cells/observe.ts";
import { renderError, renderValue } from "./value_view.ts";

/** What a cell's menu asks the page to do with it. */
export type CellAction = { kind: "add"; mode: Cell["mode"]; where: "above" | "below" } | { kind: "delete" } | { kind: "move"; by: -1 | 1 } | { kind: "duplicate" };

/** The menu's entries, in order: what each says and does. */
const MENU: Array<[string, CellAction]> = [
  ["Add JavaScript below", { kind: "add", mode: "js", where: "below" }],
  ["Add TypeScript below", { kind: "add", mode: "ts", where: "below" }],
  ["Add Markdown below", { kind: "add", mode: "md", where: "below" }],
  ["Add JavaScript above", { kind: "add", mode: "js", where: "above" }],
  ["Move up", { kind: "move", by: -1 }],
  ["Move down", { kind: "move", by: 1 }],
  ["Duplicate", { kind: "duplicate" }],
  ["Delete", { kind: "delete" }],
];

/**
 * One cell on the page: its output above (what it displays, or its value, or a row per name
 * it declares), its code below in an editor. Markdown and HTML cells hide their code until
 * asked, as in Observable.
 */
export class CellView {
  readonly element: HTMLElement;
  private readonly output: HTMLElement;
  private readonly displayed: HTMLElement;
  private readonly rows = new Map<string, HTMLElement>();
  private readonly code: HTMLElement;
  private editor?: CellEditor;
  /** The run whose displays are shown; displays of older runs are dropped. */
  private version = 0;
  private shownVersion = -1;
  /** What a live report showed for this cell before the page computed it, until the cell shows its own. */
  private placeholder = false;

  constructor(
    private layout: CellLayout,
    cell: Cell,
    private readonly apply: (cell: Cell) => void,
    act: (action: CellAction) => void = () => {},
    showAll = false,
  ) {
    this.element = document.createElement("section");
    this.element.className = `cell mode-${layout.mode}`;
    this.element.dataset.cellId = String(layout.id);
    this.output = this.element.appendChild(document.createElement("div"));
    this.output.className = "output";
    this.output.setAttribute("aria-live", "polite");
    this.displayed = this.output.appendChild(document.createElement("div"));
    this.displayed.className = "displayed";
    const toggle = this.element.appendChild(document.createElement("button"));
    toggle.className = "toggle-code";
    toggle.type = "button";
    this.code = this.element.appendChild(document.createElement("div"));
    this.code.className = "code";
    const live = liveEditFor(cell);
    // A notebook reads as a document first: code shows where the file pins it (Notebook Kit's
    // `pinned`) and in exercise cells, which are there to be written; "edit" shows the rest.
    this.pinned = cell.pinned === true || live !== undefined;
    this.toggle = toggle;
    this.setCodeShown(this.pinned || showAll, toggle);
    toggle.addEventListener("click", () => this.setCodeShown(this.code.hidden === true, toggle));
    this.element.append(this.menu(act));
    const marker = this.element.appendChild(document.createElement("span"));
    marker.className = "unapplied-marker";
    marker.textContent = "not applied · Shift-Enter runs it";
    marker.hidden = true;
    this.editor = cellEditor(
      this.code,
      cell,
      (value) => this.apply({ ...cell, value }),
      live,
      (dirty) => {
        this.element.classList.toggle("unapplied", dirty);
        marker.hidden = !dirty;
      },
    );
    this.setLayout(layout);
  }

  private readonly pinned: boolean;
  private readonly toggle: HTMLButtonElement;

  /** The page's "show all code": every cell's code shown, or back to the pinned ones (a cell with unapplied typing keeps its editor). */
  showCode(all: boolean): void {
    if (!all && this.editor?.dirty()) return;
    this.setCodeShown(all || this.pinned, this.toggle);
  }

  /** Shows the code and puts the caret in it (a cell just added or duplicated). */
  openEditor(): void {
    this.setCodeShown(true, this.toggle);
    this.editor?.view.focus();
    this.element.scrollIntoView({ block: "nearest" });
  }

  /** The cell's menu (⋯ beside the edit button): add a cell beside it, move, duplicate, delete. */
  private menu(act: (action: CellAction) => void): HTMLElement {
    const details = document.createElement("details");
    details.className = "cell-menu";
    const summary = details.appendChild(document.createElement("summary"));
    summary.textContent = "⋯";
    summary.setAttribute("aria-label", `cell ${this.layout.id} menu`);
    const list = details.appendChild(document.createElement("div"));
    list.setAttribute("role", "menu");
    for (const [text, action] of MENU) {
      const item = list.appendChild(document.createElement("button"));
      item.type = "button";
      item.setAttribute("role", "menuitem");
      item.textContent = text;
      item.dataset.action = text.toLowerCase().replaceAll(" ", "-");
      item.addEventListener("click", () => {
        details.open = false;
        act(action);
      });
    }
    return details;
  }

  private setCodeShown(shown: boolean, toggle: HTMLButtonElement): void {
    this.code.hidden = !shown;
    // An editor made while hidden measured nothing (line heights, wrapping): measure it now.
    if (shown) this.editor?.view.requestMeasure();
    toggle.textContent = shown ? "hide code" : "edit";
    toggle.setAttribute("aria-expanded", String(shown));
    toggle.setAttribute("aria-label", `${shown ? "hide" : "show"} the code of cell ${this.layout.id}`);
  }

  get id(): number {
    return this.layout.id;
  }

  /**
   * Shows `nodes` (a report's pre-rendered output) until the cell displays something or
   * reports a value or an error, so a live report does not blank while its cells compute.
   */
  showPlaceholder(nodes: Node[]): void {
    const box = document.createElement("div");
    box.className = "placeholder";
    box.append(...nodes);
    this.displayed.replaceChildren(box);
    this.placeholder = true;
  }

  /** The cell's code changed (here or on disk): rows follow its names; the editor its source. */
  setLayout(layout: CellLayout): void {
    this.layout = layout;
    this.element.classList.toggle("displays", layout.displays);
    for (const [name, row] of this.rows)
      if (!layout.names.includes(name)) {
        row.remove();
        this.rows.delete(name);
      }
    if (!layout.displays && !layout.autodisplay) for (const name of layout.names) this.output.append(this.row(name)); // file order
    if (this.editor && this.editor.value() !== layout.source) this.editor.replace(layout.source);
  }

  /** `display` and `view` for a new run of this cell. */
  displayFor(): { display(value: unknown): unknown; view(input: Element): unknown } {
    const version = ++this.version;
    const display = (value: unknown) => {
      if (version !== this.version) return value; // an older run: its output is not shown
      if (this.shownVersion !== version) {
        this.displayed.replaceChildren();
        this.shownVersion = version;
        this.placeholder = false;
      }
      this.displayed.append(renderValue(value, null, this.displayed));
      return value;
    };
    return { display, view: (input: Element) => inputValues(display(input) as Element) };
  }

  private row(name: string): HTMLElement {
    let row = this.rows.get(name);
    if (!row) {
      row = this.output.appendChild(document.createElement("div"));
      row.className = "value-row";
      row.dataset.name = name;
      this.rows.set(name, row);
    }
    return row;
  }

  /** A name of this cell changed status. */
  update(state: CellState): void {
    this.element.classList.toggle("pending", state.status === "pending");
    if (state.status === "pending") return;
    if (this.placeholder) {
      this.displayed.replaceChildren();
      this.placeholder = false;
    }
    const anonymous = state.name === `cell ${this.layout.id}`;
    if (state.status === "error") {
      this.element.classList.add("failed");
      if (anonymous && this.layout.autodisplay) this.displayed.replaceChildren(); // no stale value beside the error
      this.row(state.name).replaceChildren(renderError(state.error, anonymous ? null : state.name, state.waitsOn));
      return;
    }
    this.element.classList.remove("failed");
    if (anonymous && this.layout.autodisplay) {
      this.rows.get(state.name)?.replaceChildren();
      this.displayed.replaceChildren(renderValue(state.value, null, this.displayed));
    } else if (anonymous || this.layout.displays) {
      this.rows.get(state.name)?.replaceChildren(); // shown through display, or an import
    } else {
      this.row(state.name).replaceChildren(renderValue(state.value, state.name, this.output));
    }
  }
}
