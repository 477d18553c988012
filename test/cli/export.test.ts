import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { notebookHtml } from "../helpers/notebooks.ts";

const root = new URL("../..", import.meta.url).pathname;

function scanbook(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, "bin/scanbook.js"), "export", ...args], { encoding: "utf8", cwd: root, timeout: 600_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** What a self-contained report must not have: a script, or anything fetched from elsewhere. */
function expectSelfContained(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
  expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
}

describe("scanbook export --static", () => {
  it("exports every bundled notebook into a folder with an index; each report self-contained, with its figures", () => {
    const out = mkdtempSync(join(tmpdir(), "scanbook-export-"));
    const { status, out: printed, err } = scanbook(join(root, "notebooks"), "-o", out, "--static");
    expect(status, err).toBe(0);
    const notebooks = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".html"));
    for (const file of notebooks) {
      const html = readFileSync(join(out, file), "utf8");
      expectSelfContained(html);
      const source = readFileSync(join(root, "notebooks", file), "utf8");
      const viewCalls = (source.match(/\b(featureMaps|filters|gradientMaps|scoreBars|lossCurve|summaryTable|sharedWeight|scanAnimation|trainingProgress)\(/g) ?? []).length;
      expect((html.match(/<figure/g) ?? []).length, file).toBeGreaterThanOrEqual(viewCalls);
      console.log(`export ${file}: ${(statSync(join(out, file)).size / 1024).toFixed(0)} KiB, ${(html.match(/<svg/g) ?? []).length} SVG figures`);
    }
    const index = readFileSync(join(out, "index.html"), "utf8");
    for (const file of notebooks) expect(index).toContain(`href="${file}"`);
    expect(printed.trim().split("\n")).toHaveLength(notebooks.length);
  }, 600_000);

  it("renders the prose, the outputs as they settled and the code: the lecture's 5 × 5 map in convolution_arithmetic", () => {
    const file = join(mkdtempSync(join(tmpdir(), "scanbook-export-")), "conv.html");
    expect(scanbook(join(root, "notebooks/convolution_arithmetic.html"), "-o", file, "--static").status).toBe(0);
    const html = readFileSync(file, "utf8");
    expect(html).toContain("<h1>Convolution arithmetic</h1>");
    expect(html).toMatch(/mapValues<\/span> = array\(9\) \[4,3,4,2,4,3,2,3/);
    expect(html).toContain("768,000");
    expect(html).toContain("const map = conv2d(image, {weight: filter})");
    expect(html).toMatch(/<table class="inputs-table">/);
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
    expect(html).toContain("z: waits on y, which failed");
  }, 120_000);

  it("exits 2 for a bad command line or a missing file", () => {
    expect(scanbook("-o", "x.html").status).toBe(2);
    expect(scanbook(join(root, "notebooks/lenet.html")).status).toBe(2);
    expect(scanbook(join(root, "notebooks/nope.html"), "-o", "/tmp/x.html").status).toBe(2);
  }, 60_000);
});
