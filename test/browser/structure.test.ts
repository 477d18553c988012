import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openNotebook, screenshot, settled, stats, useBrowserApp } from "./harness.ts";

const browser = useBrowserApp();

const order = (page: Page) => page.locator("#notebook > .cell").evaluateAll((cells) => cells.map((c) => Number((c as HTMLElement).dataset.cellId)));
const fileIds = () => [...readFileSync(join(browser.app().dir, "lenet.html"), "utf8").matchAll(/<script id="(\d+)"/g)].map((m) => Number(m[1]));
const menu = async (page: Page, id: number, item: string) => {
  await page.locator(`.cell[data-cell-id="${id}"] .cell-menu summary`).click();
  await page.locator(`.cell[data-cell-id="${id}"] [data-action="${item}"]`).click();
};

describe("changing the notebook's structure in the page", () => {
  it("adds, moves, duplicates and deletes cells from a cell's menu; each change is in the file, and Mod-Z / Mod-Shift-Z undo and redo them", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "lenet.html");
    const start = await order(page);
    const added = Math.max(...start) + 1;
    await menu(page, 10, "add-javascript-below");
    const editor = page.locator(`.cell[data-cell-id="${added}"] .cm-content`);
    await expect.poll(() => editor.evaluate((e) => e.contains(document.activeElement))).toBe(true); // ready to type
    await page.keyboard.type("const probe = conv2.shape[1]");
    await page.keyboard.press("Shift+Enter");
    await expect.poll(() => page.locator('.value-row[data-name="probe"]').textContent()).toBe("probe = 16");
    const withProbe = [...start.slice(0, start.indexOf(10) + 1), added, ...start.slice(start.indexOf(10) + 1)];
    expect(await order(page)).toEqual(withProbe);
    await expect.poll(fileIds).toEqual(withProbe);
    await expect.poll(() => readFileSync(join(browser.app().dir, "lenet.html"), "utf8")).toContain("const probe = conv2.shape[1]");

    await menu(page, added, "move-up");
    const moved = withProbe.filter((id) => id !== added);
    moved.splice(moved.indexOf(10), 0, added);
    expect(await order(page)).toEqual(moved);
    await expect.poll(fileIds).toEqual(moved);

    await menu(page, 5, "duplicate");
    await expect.poll(() => page.locator('.value-row[data-name="b1_copy"]').textContent()).toMatch(/^b1_copy = tensor \[6\]/);

    await menu(page, added, "delete");
    expect(await page.locator('.value-row[data-name="probe"]').count()).toBe(0);
    await expect.poll(fileIds).not.toContain(added);
    await screenshot(page, "structure-after-delete");

    // Undo, outside any editor: the deleted cell is back where it was, in the page and the file.
    await page.locator("h1").first().click();
    await page.keyboard.press("Control+Z");
    await expect.poll(() => page.locator('.value-row[data-name="probe"]').textContent()).toBe("probe = 16");
    await expect.poll(fileIds).toContain(added);
    await page.keyboard.press("Control+Shift+Z");
    await expect.poll(() => page.locator('.value-row[data-name="probe"]').count()).toBe(0);
    // Undo the duplicate and the move, then the applied edit and the added cell.
    for (let i = 0; i < 5; i++) await page.keyboard.press("Control+Z");
    await expect.poll(() => order(page)).toEqual(start);
    await expect.poll(fileIds).toEqual(start);
    await settled(page);
    const cells = await page.evaluate(() =>
      (globalThis as any).scanbook.kernel
        .cells()
        .filter((c: any) => c.status !== "ok")
        .map((c: any) => c.name),
    );
    expect(cells).toEqual([]);
    expect(browser.errors()).toEqual([]);
    await page.close();
  });

  it("runs every cell again from the top bar", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "lenet.html");
    const before = await stats(page);
    await page.locator("#run-all").click();
    await settled(page);
    const after = await stats(page);
    for (const name of ["x", "conv1", "loss"]) expect(after[name].runs, name).toBe(before[name].runs + 1);
    await page.close();
  });

  it("shows the keyboard shortcuts on ? (outside an editor) and closes them on Escape", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "lenet.html");
    await page.locator("h1").first().click();
    await page.keyboard.press("?");
    const dialog = page.locator("dialog.keyboard-help");
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator("h3").allTextContents()).toEqual(["Notebook", "Code editor", "Filter editor", "Feature maps"]);
    await screenshot(page, "keyboard-help");
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.locator("#keyboard-help").click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.close();
  });
});
