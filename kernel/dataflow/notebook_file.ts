import { deserialize, type Notebook } from "@observablehq/notebook-kit";

/**
 * Reads a notebook in Notebook Kit's file format with Notebook Kit's own reader. The browser
 * has a DOMParser; Node passes one (jsdom's). A file without a <notebook> element is refused,
 * rather than read as a notebook with no cells.
 */
export function parseNotebook(html: string, parser: DOMParser): Notebook {
  if (!/<notebook[\s>]/i.test(html)) throw new Error("not a notebook: expected a <notebook> element with one <script> per cell");
  return deserialize(html, { parser });
}
