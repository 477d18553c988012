/**
 * A submitted notebook reduced, in one linear scan, to what the grader reads of it: the
 * `<notebook>` start tag, its `<title>` and each `<script>` element with its raw text. The HTML
 * parser then sees a small, well-formed document: markup between the cells (misnested
 * formatting tags, deep nesting) makes an HTML parser's work grow with the square of its size,
 * and the grader parses in its own process, where every submission waits on it.
 */
export function cellsOnlyHtml(html: string): string {
  const notebook = tagAt(html, /<notebook\b/gi, 0);
  if (!notebook) throw new Error("not a notebook (no <notebook> element)");
  const title = /<title>([^<]*)<\/title>/i.exec(html);
  const scripts: string[] = [];
  for (let open = tagAt(html, /<script\b/gi, notebook.end); open; open = tagAt(html, /<script\b/gi, open.end)) {
    const close = tagAt(html, /<\/script/gi, open.end);
    if (!close) break;
    scripts.push(html.slice(open.start, close.end));
    open = close;
  }
  return `<!doctype html>\n${title ? `<title>${title[1]}</title>\n` : ""}${html.slice(notebook.start, notebook.end)}\n${scripts.join("\n")}\n</notebook>\n`;
}

/**
 * The next tag starting with `prefix` (a global, case-insensitive expression) at or after
 * `from`, up to its `>`. Each search starts where the last tag ended, so the scan is linear
 * (an expression like `<script[^>]*>` would rescan the rest of the text at every unclosed tag).
 */
function tagAt(html: string, prefix: RegExp, from: number): { start: number; end: number } | undefined {
  prefix.lastIndex = from;
  const m = prefix.exec(html);
  if (!m) return undefined;
  const gt = html.indexOf(">", prefix.lastIndex);
  return gt === -1 ? undefined : { start: m.index, end: gt + 1 };
}
