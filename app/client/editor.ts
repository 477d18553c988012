import { javascript } from "@codemirror/lang-javascript";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import type { Cell } from "@observablehq/notebook-kit";

export interface CellEditor {
  readonly view: EditorView;
  /** The text in the editor now. */
  value(): string;
  /** Replaces the text (the file changed on disk), unless the user has unapplied edits. */
  replace(source: string): boolean;
  /** Whether the text differs from what was last applied. */
  dirty(): boolean;
}

/**
 * A CodeMirror 6 editor for one cell's source. Shift-Enter (or Mod-S) applies the edit; the
 * text applied last is remembered so an edit from disk does not overwrite unapplied typing.
 */
export function cellEditor(parent: HTMLElement, cell: Pick<Cell, "id" | "mode" | "value">, apply: (source: string) => void): CellEditor {
  let applied = cell.value;
  const run = () => { applied = view.state.doc.toString(); apply(applied); return true; };
  const language = cell.mode === "ts" ? [javascript({ typescript: true })] : cell.mode === "js" ? [javascript()] : [];
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: cell.value,
      extensions: [
        Prec.highest(keymap.of([{ key: "Shift-Enter", run }, { key: "Mod-s", run, preventDefault: true }])),
        basicSetup,
        ...language,
        EditorView.contentAttributes.of({ "aria-label": `code of cell ${cell.id} (Shift-Enter to run)` }),
      ],
    }),
  });
  return {
    view,
    value: () => view.state.doc.toString(),
    dirty: () => view.state.doc.toString() !== applied,
    replace(source) {
      if (view.state.doc.toString() !== applied) return false;
      applied = source;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: source } });
      return true;
    },
  };
}
