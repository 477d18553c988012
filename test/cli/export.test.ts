import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { notebookHtml } from "../helpers/notebooks.ts";
import { expectSelfContained } from "../helpers/reports.ts";

const root = new URL("../..", import.meta.url).pathname;

/** A notebook with every cell that draws a figure emptied (its prose and other cells kept). */
function notebookWithoutViews(source: string): string {
  return source.replace(/(<script id="\d+" type="module">)([\s\S]*?)(<\/script>)/g, (all, open: string, body: string, close: string) =>
    /\b(featureMaps|filters|gradientMaps|scoreBars|lossCurve|sharedWeight|scanAnimation)\(|\bPlot\./.test(body) ? `${open}\n    1\n  ${close}` : all,
  );
}

function scanbook(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, "bin/scanbook.js"), "export", ...args], { encoding: "utf8", cwd: root, timeout: 600_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** The pages of a PDF and the rectangles its pages draw (its content streams inflated). */
function pdfDrawing(pdf: Buffer): { pages: number; rects: number } {
  const text = pdf.toString("latin1");
  let rects = 0;
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const body = pdf.subarray(start, text.indexOf("endstream", start));
    let content: string;
    try {
      content = inflateSync(body).toString("latin1");
    } catch {
      continue;
    } // an image or font, not drawing
    rects += (content.match(/ re\b/g) ?? []).length;
  }
  return { pages: (text.match(/\/Type\s*\/Page\b/g) ?? []).length, rects };
}

describe("scanbook export", () => {
  it("renders the prose, the outputs as they settled and the code: the lecture's 5 × 5 map in convolution_arithmetic", () => {
    const file = join(mkdtempSync(join(tmpdir(), "scanbook-export-")), "conv.html");
    expect(scanbook(join(root, "notebooks/convolution_arithmetic.html"), "-o", file, "--static").status).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html).not.toMatch(/<script/i); // --static: no script at all
    expectSelfContained(html);
    console.log(`export --static convolution_arithmetic.html: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB`);
    expect(html).toContain("<h1>Convolution arithmetic</h1>");
    expect(html).toMatch(/mapValues<\/span> = array\(9\) \[4,3,4,2,4,3,2,3/);
    expect(html).toContain("768,000");
    expect(html).toContain("const map = conv2d(image, {weight: filter})");
    expect(html).toMatch(/<table class="inputs-table">/);
  }, 120_000);

  it("shows a pinned cell's code under its output and folds every other cell's code behind \"code\", as the page does", () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-export-"));
    const source = join(dir, "pins.html");
    const pinned = notebookHtml(["const shown = 6 * 7", "const folded = shown + 1"]).replace('<script id="1" type="module">', '<script id="1" type="module" pinned="">');
    writeFileSync(source, pinned);
    expect(scanbook(source, "-o", join(dir, "out.html"), "--static").status).toBe(0);
    const html = readFileSync(join(dir, "out.html"), "utf8");
    const section = (id: number) => html.match(new RegExp(`<section[^>]*data-cell-id="${id}">([\\s\\S]*?)</section>`))![1];
    expect(section(1)).toContain('<pre class="code"><code>const shown = 6 * 7</code></pre>');
    expect(section(1)).not.toContain("<details");
    expect(section(2)).toContain('<details class="code-fold"><summary>code</summary><pre class="code"><code>const folded = shown + 1</code></pre></details>');
  }, 120_000);

  it("shows no dead controls: a slider, a picker and buttons become the values they were set to", () => {
    const file = join(mkdtempSync(join(tmpdir(), "scanbook-export-")), "pooling.html");
    expect(scanbook(join(root, "notebooks/pooling.html"), "-o", file, "--static").status).toBe(0);
    const html = readFileSync(file, "utf8");
    const body = html.slice(html.indexOf("<body>"));
    expect(body).not.toMatch(/<button|<select|<input/);
    // The image input's sample picker: its choice; the pool size slider: its value, once.
    expect(body).toContain('<span class="frozen-value">seven</span>');
    expect(body).toMatch(/pool size<\/label><output[^>]*>2<\/output>/);
    expect(html).toContain(".tensor-line .shape, .summary-table td { white-space: nowrap; }");
  }, 120_000);

  it("refuses to write a report when a cell ends in an error, naming it; --allow-errors writes it with the error shown", () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-export-"));
    const source = join(dir, "bad.html");
    writeFileSync(source, notebookHtml([`import {randn, conv2d} from "scanbook";`, "const x = randn([1, 1, 4, 4])", "const y = conv2d(x, {weight: randn([1, 1, 5, 5])})", "const z = y.shape"]));
    const refused = scanbook(source, "-o", join(dir, "bad-report.html"));
    expect(refused.status).toBe(1);
    expect(refused.err).toMatch(/bad\.html: 2 cell\(s\) ended in an error/);
    expect(refused.err).toMatch(/^ {2}y: conv2d "y": /m);
    expect(existsSync(join(dir, "bad-report.html"))).toBe(false);
    const allowed = scanbook(source, "-o", join(dir, "bad-report.html"), "--allow-errors");
    expect(allowed.status).toBe(0);
    const html = readFileSync(join(dir, "bad-report.html"), "utf8");
    expect(html).toMatch(/class="cell-error" role="alert">y: conv2d &#34;y&#34;: /);
    expect(html).toContain("z: waits on y, which has an error");
  }, 120_000);

  it("--pdf prints the pre-rendered report through Chromium, its figures drawn", () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-export-"));
    const notebook = join(root, "notebooks/convolution_arithmetic.html");
    const printed = scanbook(notebook, "-o", join(dir, "conv.html"), "--pdf", join(dir, "conv.pdf"));
    expect(printed.status, printed.err).toBe(0);
    const pdf = readFileSync(join(dir, "conv.pdf"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const drawn = pdfDrawing(pdf);
    expect(drawn.pages).toBeGreaterThan(0);
    // The same report with its figures taken out prints fewer rectangles: at least one per
    // <rect> the figures hold (the maps are a rect per value), so the figures were printed.
    const html = readFileSync(join(dir, "conv.html"), "utf8");
    const figures = html.match(/<figure[\s\S]*?<\/figure>/g) ?? [];
    const figureRects = figures.join("").match(/<rect\b/g)?.length ?? 0;
    expect(figureRects).toBeGreaterThan(25);
    const bare = join(dir, "bare.html");
    writeFileSync(bare, notebookWithoutViews(readFileSync(notebook, "utf8")));
    expect(scanbook(bare, "--pdf", join(dir, "bare.pdf")).status).toBe(0);
    expect(drawn.rects - pdfDrawing(readFileSync(join(dir, "bare.pdf"))).rects).toBeGreaterThanOrEqual(figureRects);
    console.log(`export --pdf convolution_arithmetic.html: ${(pdf.length / 1024).toFixed(0)} KiB, ${drawn.pages} pages, ${drawn.rects} rectangles`);
  }, 120_000);

  it("exits 2 for a bad command line or a missing file", () => {
    expect(scanbook(join(root, "notebooks"), "--pdf", "/tmp/x.pdf").status).toBe(2); // --pdf prints one notebook
    expect(scanbook("-o", "x.html").status).toBe(2);
    expect(scanbook(join(root, "notebooks/lenet.html")).status).toBe(2);
    expect(scanbook(join(root, "notebooks/nope.html"), "-o", "/tmp/x.html").status).toBe(2);
  }, 60_000);
});
