/**
 * A submitted notebook reduced, in one linear scan, to what the grader reads of it: the
 * `<notebook>` start tag, its `<title>` and each `<script>` element with its raw text. The HTML
 * parser then sees a small, well-formed document: markup between the cells (misnested
 * formatting tags, deep nesting) makes an HTML parser's work grow with the square of its size,
 * and the grader parses in its own process, where every submission waits on it.
 */
export function cellsOnlyHtml(html: string): string {
  const lower = html.toLowerCase();
  const start = /<notebook\b[^>]*>/i.exec(html);
  if (!start) throw new Error("not a notebook (no <notebook> element)");
  const title = /<title>([^<]*)<\/title>/i.exec(html);
  const scripts: string[] = [];
  for (let at = lower.indexOf("<script", start.index); at !== -1; at = lower.indexOf("<script", at)) {
    const open = lower.indexOf(">", at);
    const close = open === -1 ? -1 : lower.indexOf("</script", open);
    const end = close === -1 ? -1 : lower.indexOf(">", close);
    if (end === -1) break;
    scripts.push(html.slice(at, end + 1));
    at = end + 1;
  }
  return `<!doctype html>\n${title ? `<title>${title[1]}</title>\n` : ""}${start[0]}\n${scripts.join("\n")}\n</notebook>\n`;
}
