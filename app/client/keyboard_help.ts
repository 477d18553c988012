/** The page's shortcuts, by where they work: what `?` (or the top bar's button) shows. */
export const SHORTCUTS: Array<[string, Array<[string, string]>]> = [
  [
    "Notebook",
    [
      ["Shift-Enter or Mod-S", "apply the edited cell (in its editor)"],
      ["Mod-Z", "undo the last change to the notebook: an applied edit, an added, moved or deleted cell (outside an editor)"],
      ["Mod-Shift-Z", "redo it"],
      ["⋯ beside a cell", "add a cell above or below, move, duplicate, delete"],
      ["?", "this help (outside an editor); Escape closes it"],
    ],
  ],
  [
    "Code editor",
    [
      ["Mod-Z / Mod-Shift-Z", "undo / redo typing"],
      ["Mod-F", "find in the cell"],
      ["Tab / Shift-Tab", "indent / outdent (Escape, then Tab, leaves the editor)"],
    ],
  ],
  [
    "Filter editor",
    [
      ["drag up / down", "raise / lower a weight"],
      ["wheel", "raise / lower the weight under the pointer"],
      ["↑ / ↓", "change the focused weight by 0.1 (with Shift, 0.01)"],
      ["a digit, - or .", "type a value; Enter keeps it, Escape keeps the old one"],
    ],
  ],
  [
    "Feature maps",
    [
      ["point at a unit", "outline the window it sees in the maps of earlier layers"],
      ["← ↑ → ↓ on a focused map", "move that unit"],
      ["Escape", "clear the outlines"],
    ],
  ],
];

/**
 * A dialog listing SHORTCUTS; `?` outside an editor or an input opens it, as in Jupyter and
 * Observable. Returns the function that opens it (the top bar's button).
 */
export function keyboardHelp(): () => void {
  const dialog = document.createElement("dialog");
  dialog.className = "keyboard-help";
  dialog.setAttribute("aria-label", "keyboard shortcuts");
  const title = dialog.appendChild(document.createElement("h2"));
  title.textContent = "Keyboard shortcuts";
  for (const [group, keys] of SHORTCUTS) {
    const heading = dialog.appendChild(document.createElement("h3"));
    heading.textContent = group;
    const list = dialog.appendChild(document.createElement("dl"));
    for (const [key, what] of keys) {
      list.appendChild(document.createElement("dt")).textContent = key;
      list.appendChild(document.createElement("dd")).textContent = what;
    }
  }
  const close = dialog.appendChild(document.createElement("button"));
  close.type = "button";
  close.textContent = "Close";
  close.addEventListener("click", () => dialog.close());
  document.body.append(dialog);
  const open = () => {
    if (!dialog.open) dialog.showModal();
  };
  document.addEventListener("keydown", (event) => {
    if (event.key !== "?" || event.ctrlKey || event.metaKey || event.altKey) return;
    if ((event.target as Element | null)?.closest?.(".cm-editor, input, textarea, select, [contenteditable]")) return;
    event.preventDefault();
    open();
  });
  return open;
}
