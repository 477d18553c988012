import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openNotebook, screenshot, settled, showCode, stats, useBrowserApp } from "./harness.ts";

const browser = useBrowserApp();

const row = (page: Page, name: string) => page.locator(`.value-row[data-name="${name}"]`);

/** Replaces the code of a cell in its editor and applies it with Shift-Enter, as a user would. */
async function editCell(page: Page, id: number, code: string): Promise<void> {
  await showCode(page, id);
  const editor = page.locator(`.cell[data-cell-id="${id}"] .cm-content`);
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(code);
  await page.keyboard.press("Shift+Enter");
}

describe("the app in Chromium", () => {
  it("lists the notebooks and opens one: every cell computed in the engine's Web Worker, the page cross-origin isolated", async () => {
    const index = await browser.context().newPage();
    await index.goto(browser.app().url);
    expect(await index.locator("ul.notebooks a").allTextContents()).toContain("LeNet, cell by cell");
    await index.close();

    const page = await openNotebook(browser.context(), browser.app(), "lenet.html");
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    // The engine's worker, and its kernel threads (Web Workers from a Blob URL, one per other core).
    // (Playwright hears of a worker a moment after it starts: wait for the count to be there.)
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const urls = () => page.workers().map((w) => w.url());
    await expect.poll(() => urls().filter((url) => !url.startsWith("blob:")).length).toBe(1);
    await expect.poll(() => urls().filter((url) => url.startsWith("blob:")).length).toBe(cores - 1);
    const cells = await page.evaluate(() => (globalThis as any).scanbook.kernel.cells().map((c: any) => [c.name, c.status]));
    expect(cells.filter(([, s]: [string, string]) => s !== "ok")).toEqual([]);
    await expect.poll(() => row(page, "conv1").textContent()).toMatch(/tensor \[1, 6, 24, 24\] conv2d\s+min -?\d/);
    expect(await page.locator("h1").first().textContent()).toBe("LeNet, cell by cell");
    await screenshot(page, "01-lenet-opened");
    expect(browser.errors()).toEqual([]);
    await page.close();
  });

  it("applies a cell edited in the page: its dependents update, earlier cells do not run, the file is saved", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "lenet.html");
    const before = await stats(page);
    await editCell(page, 10, "const conv2 = conv2d(pool1, {weight: w2, bias: b2, stride: 2})");
    await expect.poll(() => row(page, "conv2").textContent()).toMatch(/tensor \[1, 16, 4, 4\]/);
    await settled(page);
    expect(await row(page, "pool2").textContent()).toMatch(/tensor \[1, 16, 2, 2\]/);
    // fc1 expects 256 features; the shape error shows in fc1, and its dependents wait on it.
    expect(await row(page, "fc1").textContent()).toMatch(/linear "fc1".*expected/);
    expect(await row(page, "loss").textContent()).toMatch(/waits on fc1/);
    const after = await stats(page);
    for (const name of ["x", "w1", "conv1", "pool1"]) expect(after[name].runs, name).toBe(before[name].runs);
    expect(after.conv2.runs).toBe(before.conv2.runs + 1);
    await expect.poll(() => readFileSync(join(browser.app().dir, "lenet.html"), "utf8")).toContain("{weight: w2, bias: b2, stride: 2}");
    await screenshot(page, "02-cell-edited");
    // Put it back (the next tests start from the original file).
    await editCell(page, 10, "const conv2 = conv2d(pool1, {weight: w2, bias: b2})");
    await expect.poll(() => row(page, "fc1").textContent()).toMatch(/tensor \[1, 120\]/);
    await page.close();
  });

  it("edits a TypeScript cell in the page: its types are stripped, its value updates", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "playground.html");
    expect(await row(page, "mapsAfterConv2").textContent()).toContain('"8 maps of 22 × 22"');
    await editCell(page, 22, "const mapsAfterConv2: string = `${conv2.shape[1]} maps, ${conv2.shape[2] * conv2.shape[3]} units each`");
    await expect.poll(() => row(page, "mapsAfterConv2").textContent()).toContain('"8 maps, 484 units each"');
    await page.close();
  });

  it("a runaway loop typed into a cell throws there after 5 s; the page stays usable and the cell can be fixed", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "playground.html");
    await editCell(page, 22, "let turns = 0;\nwhile (true) turns++;\nconst mapsAfterConv2 = turns");
    await expect.poll(() => row(page, "mapsAfterConv2").textContent(), { timeout: 30_000 }).toContain("loop ran longer than 5 s (line 2); is it infinite?");
    // The page answers again, and the cell is edited back as any other.
    expect(await page.evaluate(() => 6 * 7)).toBe(42);
    await screenshot(page, "03-runaway-loop");
    await editCell(page, 22, "const mapsAfterConv2: string = `${conv2.shape[1]} maps of ${conv2.shape[2]} × ${conv2.shape[3]}`");
    await expect.poll(() => row(page, "mapsAfterConv2").textContent()).toContain('"8 maps of 22 × 22"');
    await page.close();
  }, 60_000);

  it("updates the changed cell in the open page when the file changes on disk, without reloading", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "lenet.html");
    await page.evaluate(() => {
      (globalThis as any).notReloaded = true;
    });
    const before = await stats(page);
    const file = join(browser.app().dir, "lenet.html");
    const original = readFileSync(file, "utf8");
    const w1Before = await row(page, "w1").textContent();
    writeFileSync(file, original.replace("const w1 = randn([6, 1, 5, 5], {seed: 2, std: 0.2})", "const w1 = randn([6, 1, 5, 5], {seed: 7, std: 0.5})"));
    await expect.poll(async () => (await stats(page)).conv1.runs, { timeout: 20_000 }).toBe(before.conv1.runs + 1);
    await settled(page);
    expect(await page.evaluate(() => (globalThis as any).notReloaded)).toBe(true);
    const after = await stats(page);
    expect(after.x.runs).toBe(before.x.runs);
    expect(after.w1.runs).toBe(before.w1.runs + 1);
    await expect.poll(() => row(page, "w1").textContent()).not.toBe(w1Before);
    await showCode(page, 4);
    expect(await page.locator('.cell[data-cell-id="4"] .cm-content').textContent()).toContain("{seed: 7, std: 0.5}");
    await screenshot(page, "03-file-changed-on-disk");
    writeFileSync(file, original);
    await expect.poll(() => row(page, "w1").textContent(), { timeout: 20_000 }).toBe(w1Before);
    await page.close();
  });
});
