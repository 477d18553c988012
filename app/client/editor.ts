import { javascript } from "@codemirror/lang-javascript";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { EditorState, Prec } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import type { Cell } from "@observablehq/notebook-kit";

/**
 * Code colours from the notebook's theme (Notebook Kit's --syntax-* variables, light or dark as
 * the theme is), in place of CodeMirror's default colours, which are for light pages only.
 */
const themedHighlighting = syntaxHighlighting(
  HighlightStyle.define([
    { tag: [tags.keyword, tags.operatorKeyword, tags.modifier, tags.controlKeyword], color: "var(--syntax-keyword)" },
    { tag: [tags.atom, tags.bool, tags.null, tags.number], color: "var(--syntax-atom)" },
    { tag: [tags.regexp, tags.special(tags.string)], color: "var(--syntax-literal)" },
    { tag: [tags.string], color: "var(--syntax-string)" },
    { tag: [tags.comment, tags.lineComment, tags.blockComment], color: "var(--syntax-comment)", fontStyle: "italic" },
    { tag: tags.invalid, color: "var(--syntax-invalid)" },
    { tag: [tags.definition(tags.variableName), tags.function(tags.definition(tags.variableName)), tags.className], color: "var(--syntax-definition)" },
    { tag: [tags.variableName, tags.propertyName], color: "var(--syntax-variable)" },
    { tag: [tags.meta, tags.typeName], color: "var(--syntax-meta)" },
    { tag: [tags.link, tags.url], color: "var(--syntax-link)", textDecoration: "underline" },
    { tag: tags.heading, fontWeight: "bold" },
    { tag: tags.emphasis, fontStyle: "italic" },
    { tag: tags.strong, fontWeight: "bold" },
  ]),
);

export interface CellEditor {
  readonly view: EditorView;
  /** The text in the editor now. */
  value(): string;
  /** Replaces the text (the file changed on disk), unless the user has unapplied edits. */
  replace(source: string): boolean;
  /** Whether the text differs from what was last applied. */
  dirty(): boolean;
}

/** Applying as the user types: after `idleMs` without a keystroke, when the text is `ready` (it compiles). */
export interface LiveEdit {
  idleMs: number;
  ready(source: string): boolean;
}

/**
 * A CodeMirror 6 editor for one cell's source. Shift-Enter (or Mod-S) applies the edit; the
 * text applied last is remembered so an edit from disk does not overwrite unapplied typing.
 * With `live`, a pause in typing applies it too (an exercise cell, whose checks then re-run).
 */
export function cellEditor(
  parent: HTMLElement,
  cell: Pick<Cell, "id" | "mode" | "value">,
  apply: (source: string) => void,
  live?: LiveEdit,
  /** Hears whether the text now differs from what was applied (the page marks such a cell). */
  onDirty?: (dirty: boolean) => void,
): CellEditor {
  let applied = cell.value,
    idle: ReturnType<typeof setTimeout> | undefined,
    wasDirty = false;
  const reportDirty = () => {
    const dirty = view.state.doc.toString() !== applied;
    if (dirty !== wasDirty) onDirty?.((wasDirty = dirty));
  };
  const run = () => {
    clearTimeout(idle);
    applied = view.state.doc.toString();
    apply(applied);
    reportDirty();
    return true;
  };
  const typing = EditorView.updateListener.of((update) => {
    if (update.docChanged) reportDirty();
    if (!live || !update.docChanged) return;
    clearTimeout(idle);
    idle = setTimeout(() => {
      const source = view.state.doc.toString();
      if (source !== applied && live.ready(source)) run();
    }, live.idleMs);
  });
  const language = cell.mode === "ts" ? [javascript({ typescript: true })] : cell.mode === "js" ? [javascript()] : [];
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: cell.value,
      extensions: [
        Prec.highest(
          keymap.of([
            { key: "Shift-Enter", run },
            { key: "Mod-s", run, preventDefault: true },
          ]),
        ),
        basicSetup,
        themedHighlighting,
        EditorView.lineWrapping, // long imports and Markdown lines wrap instead of scrolling sideways
        ...language,
        EditorView.contentAttributes.of({ "aria-label": `code of cell ${cell.id} (Shift-Enter to run)` }),
        typing,
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
      reportDirty();
      return true;
    },
  };
}
