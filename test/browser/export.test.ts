import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { exportNotebook } from "../../app/export/export_notebook.ts";
import { ARTIFACTS, launch } from "./harness.ts";

let context: BrowserContext;
beforeAll(async () => { ({ context } = await launch()); }, 120_000);
afterAll(async () => { await context?.close(); });

describe("a static report in Chromium, JavaScript off, network blocked", () => {
  for (const file of ["playground.html", "pooling.html"]) {
    it(`${file}: every figure is there and drawn, and the page asks for nothing`, async () => {
      const report = await exportNotebook(readFileSync(new URL(`../../notebooks/${file}`, import.meta.url), "utf8"));
      expect(report.errors).toEqual([]);
      const path = join(mkdtempSync(join(tmpdir(), "scanbook-report-")), file);
      writeFileSync(path, report.html);
      const page = await context.browser()!.newPage({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.route((url) => url.protocol !== "file:", (route) => route.abort());
      await page.goto(`file://${path}`);
      const figures = await page.locator("figure").evaluateAll((nodes) => nodes.map((n) => {
        const box = n.getBoundingClientRect();
        return { svg: n.querySelectorAll("svg").length, table: n.querySelectorAll("table").length, width: box.width, height: box.height };
      }));
      const expected = (report.html.match(/<figure/g) ?? []).length;
      expect(figures).toHaveLength(expected);
      for (const f of figures) {
        expect(f.svg + f.table).toBeGreaterThan(0);
        expect(f.width * f.height).toBeGreaterThan(0);
      }
      expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
      expect(await page.locator("h1").first().textContent()).toBeTruthy();
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `30-report-${file.replace(".html", "")}.png`), fullPage: true });
      console.log(`static report ${file}: ${(Buffer.byteLength(report.html) / 1024).toFixed(0)} KiB, ${expected} figures`);
      await page.close();
    }, 120_000);
  }
});
