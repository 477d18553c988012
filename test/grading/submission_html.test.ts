import { describe, expect, it } from "vitest";
import { cellsOnlyHtml } from "../../kernel/grading/node/submission_html.ts";
import { readNotebook } from "../../kernel/dataflow/headless.ts";

describe("cellsOnlyHtml", () => {
  it("keeps the notebook tag, the title and every cell as written, whatever case or characters surround them", () => {
    const html = `<!doctype html><title>T</title><notebook theme="air"><script id="1" type="text/markdown">İstanbul <b>x</b></script>
      ${"<b><i><a>x</b>".repeat(50)}<SCRIPT id="2" type="module">const a = "<p>" + 1</Script ></notebook>`;
    const notebook = readNotebook(cellsOnlyHtml(html));
    expect(notebook.title).toBe("T");
    expect(notebook.cells.map((c) => [c.id, c.mode, c.value])).toEqual([
      [1, "md", "İstanbul <b>x</b>"],
      [2, "js", 'const a = "<p>" + 1'],
    ]);
  });

  it("is not a notebook without a <notebook> tag", () => {
    expect(() => cellsOnlyHtml("<p>my homework</p>")).toThrow("not a notebook");
  });

  it("takes time linear in the file's length, however the tags are left open", () => {
    // A scan that rescans the rest of the text at each unclosed tag takes minutes here.
    for (const junk of ["<script".repeat(200_000), "<script>".repeat(200_000), "<script></script".repeat(100_000)]) {
      expect(() => cellsOnlyHtml(`<notebook>${junk}`)).not.toThrow();
    }
    expect(() => cellsOnlyHtml("<notebook".repeat(200_000))).toThrow("not a notebook");
  }, 5_000);
});
