import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { exportNotebook } from "../../app/export/export_notebook.ts";
import { importedModel } from "../helpers/onnx_models.ts";
import { ARTIFACTS, launch } from "./harness.ts";

let context: BrowserContext;
let errors: string[];
beforeAll(async () => {
  ({ context, errors } = await launch());
}, 120_000);
afterAll(async () => {
  await context?.close();
});

/** A bundled notebook exported as a live report, written to a fresh folder. */
async function liveReport(file: string): Promise<{ path: string; html: string }> {
  const report = await exportNotebook(readFileSync(new URL(`../../notebooks/${file}`, import.meta.url), "utf8"), { live: true });
  expect(report.errors).toEqual([]);
  const path = join(mkdtempSync(join(tmpdir(), "scanbook-report-")), file);
  writeFileSync(path, report.html);
  console.log(`live report ${file}: ${(Buffer.byteLength(report.html) / 1024).toFixed(0)} KiB (pre-rendered part ${(Buffer.byteLength(report.staticHtml) / 1024).toFixed(0)} KiB)`);
  return { path, html: report.html };
}

describe("a live report in Chromium, JavaScript off, network blocked", () => {
  for (const file of ["playground.html", "pooling.html"]) {
    it(`${file}: every figure is there and drawn, and the page asks for nothing`, async () => {
      const report = await liveReport(file);
      const path = report.path;
      const page = await context.browser()!.newPage({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
      const requests: string[] = [];
      page.on("request", (r) => requests.push(r.url()));
      await page.route(
        (url) => url.protocol !== "file:",
        (route) => route.abort(),
      );
      await page.goto(`file://${path}`);
      const figures = await page.locator("figure").evaluateAll((nodes) =>
        nodes.map((n) => {
          const box = n.getBoundingClientRect();
          return { svg: n.querySelectorAll("svg").length, table: n.querySelectorAll("table").length, width: box.width, height: box.height };
        }),
      );
      const expected = (report.html.match(/<figure/g) ?? []).length;
      expect(figures).toHaveLength(expected);
      for (const f of figures) {
        expect(f.svg + f.table).toBeGreaterThan(0);
        expect(f.width * f.height).toBeGreaterThan(0);
      }
      expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
      expect(await page.locator("h1").first().textContent()).toBeTruthy();
      // The image input's picture is drawn too (a canvas would stay blank): the seven's lit pixels.
      if (file === "playground.html") expect(await page.locator(".image-input div[role=img] svg rect").count()).toBeGreaterThan(50);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `30-report-${file.replace(".html", "")}.png`), fullPage: true });
      await page.close();
    }, 120_000);
  }
});

describe("a live report in Chromium, JavaScript on, network blocked", () => {
  it("playground.html computes again in the page: moving the stride slider redraws conv2's maps, and no request leaves the page", async () => {
    const { path } = await liveReport("playground.html");
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.route(
      (url) => url.protocol !== "file:",
      (route) => route.abort(),
    );
    await page.goto(`file://${path}`);
    await page.waitForFunction(() => document.documentElement.dataset.live === "true", undefined, { timeout: 60_000 });
    await page.evaluate(() => (globalThis as unknown as { scanbook: { kernel: { settled(): Promise<void> } } }).scanbook.kernel.settled());
    // Every cell computed its own output: none shows the pre-rendered one any more, none failed.
    expect(await page.locator(".placeholder").count()).toBe(0);
    expect(await page.locator(".cell.failed").count()).toBe(0);
    const conv2 = page.locator('.cell[data-cell-id="13"] .output figure').first();
    expect(await conv2.locator("figcaption").textContent()).toContain("[1, 8, 22, 22]");
    await conv2.evaluate((n) => {
      (n as unknown as { tag: string }).tag = "before";
    });
    const mapBefore = await conv2.locator("img").first().getAttribute("src");
    const slider = page.getByLabel("conv2 stride");
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    const after = page.locator('.cell[data-cell-id="13"] .output figure').first();
    await expect.poll(() => after.locator("figcaption").textContent()).toContain("[1, 8, 11, 11]");
    expect(await after.evaluate((n) => (n as unknown as { tag?: string }).tag ?? null)).toBe(null); // a new figure
    expect(await after.locator("img").first().getAttribute("src")).not.toBe(mapBefore);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "31-live-report-stride.png"), fullPage: true });
    expect(requests).toEqual([`file://${path}`]);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("an imported model's report carries the weights it read (FileAttachment), so it computes offline from the file", async () => {
    const { dir, html } = importedModel(new Uint8Array(readFileSync(new URL("../fixtures/interop/tdnn.onnx", import.meta.url))), "tdnn.onnx");
    const report = await exportNotebook(html, { live: true, directory: dir });
    expect(report.errors).toEqual([]);
    const path = join(mkdtempSync(join(tmpdir(), "scanbook-report-")), "tdnn.html"); // no weights file beside it
    writeFileSync(path, report.html);
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`file://${path}`);
    await page.waitForFunction(() => document.documentElement.dataset.live === "true", undefined, { timeout: 60_000 });
    await page.evaluate(() => (globalThis as unknown as { scanbook: { kernel: { settled(): Promise<void> } } }).scanbook.kernel.settled());
    const cells = await page.evaluate(() => (globalThis as any).scanbook.kernel.cells().map((c: any) => [c.name, c.status]));
    expect(cells.filter((c: string[]) => c[1] !== "ok")).toEqual([]);
    expect(await page.evaluate(() => (globalThis as any).scanbook.kernel.cells().find((c: any) => c.name === "output").value.shape)).toEqual([1, 1]);
    expect(requests.filter((r) => !r.startsWith("blob:") && !r.startsWith("data:"))).toEqual([`file://${path}`]);
    await page.close();
  }, 120_000);
});
