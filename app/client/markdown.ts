import MarkdownIt from "markdown-it";

const renderer = new MarkdownIt({ html: true, linkify: true, typographer: true });

/**
 * The `md` template tag of a page: markdown rendered to an element. Interpolated DOM nodes (a
 * figure in a sentence) keep their identity: they stand in as placeholders while rendering.
 */
export function md(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement {
  const nodes: Node[] = [];
  let source = strings[0];
  values.forEach((value, i) => {
    if (value instanceof Node) {
      nodes.push(value);
      source += `<span data-md-slot="${nodes.length - 1}"></span>`;
    } else {
      source += String(value ?? "");
    }
    source += strings[i + 1];
  });
  const element = document.createElement("div");
  element.className = "markdown";
  element.innerHTML = renderer.render(source);
  for (const slot of element.querySelectorAll<HTMLElement>("[data-md-slot]")) {
    slot.replaceWith(nodes[Number(slot.dataset.mdSlot)]);
  }
  return element;
}
