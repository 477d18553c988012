import { describe, expect, it } from "vitest";
import { openNotebook, screenshot, settled, useBrowserApp } from "./harness.ts";

const browser = useBrowserApp();

/** Where the caret is in a cell's editor (characters before it) and whether the editor has the focus. */
const caretOf = (id: number) => {
  const content = document.querySelector(`.cell[data-cell-id="${id}"] .cm-content`)!;
  const selection = window.getSelection()!;
  const before = document.createRange();
  before.setStart(content, 0);
  if (selection.focusNode) before.setEnd(selection.focusNode, selection.focusOffset);
  return { head: before.toString().length, focused: content.contains(document.activeElement) || content === document.activeElement };
};

describe("editing in the page", () => {
  it("reads as a document: code shows where the notebook pins it, behind a visible edit button otherwise, all of it with the page's 'all code'", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "lenet.html");
    const codeShown = () => page.locator(".cell .code:visible").count();
    expect(await codeShown()).toBe(0); // lenet.html pins no cell
    const toggle = page.locator('.cell[data-cell-id="10"] .toggle-code');
    expect(Number(await toggle.evaluate((b) => getComputedStyle(b).opacity))).toBeGreaterThan(0.4); // seen without hovering
    await page.locator("#show-code").check();
    const cells = await page.locator(".cell").count();
    expect(await codeShown()).toBe(cells);
    await page.locator("#show-code").uncheck();
    expect(await codeShown()).toBe(0);
    await toggle.click();
    expect(await page.locator('.cell[data-cell-id="10"] .code').isVisible()).toBe(true);
    await page.close();
  });

  it("marks a cell whose code is not applied yet; Shift-Enter applies it and keeps the scroll position, the focus and the caret", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "lenet.html");
    await page.locator("#show-code").check();
    const cell = page.locator('.cell[data-cell-id="10"]');
    await cell.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 120));
    // Put the caret after "pool1" and add a stride, as a user edits in place.
    await cell.locator(".cm-content").click();
    await page.keyboard.press("End");
    for (let i = 0; i < "})".length; i++) await page.keyboard.press("ArrowLeft");
    await page.keyboard.type(", stride: 2");
    await expect.poll(() => cell.evaluate((c) => c.classList.contains("unapplied"))).toBe(true);
    expect(await cell.locator(".unapplied-marker").isVisible()).toBe(true);
    const scrolled = await page.evaluate(() => window.scrollY);
    const caret = await page.evaluate(caretOf, 10);
    expect(caret.focused).toBe(true);
    await page.keyboard.press("Shift+Enter");
    await expect.poll(() => page.locator('.value-row[data-name="conv2"]').textContent()).toMatch(/tensor \[1, 16, 4, 4\]/);
    await settled(page);
    expect(await cell.evaluate((c) => c.classList.contains("unapplied"))).toBe(false);
    expect(await cell.locator(".unapplied-marker").isVisible()).toBe(false);
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrolled)).toBeLessThan(40);
    expect(await page.evaluate(caretOf, 10)).toEqual(caret);
    // Typing goes on where it was.
    await page.keyboard.press("Control+Z");
    await page.keyboard.press("Shift+Enter");
    await expect.poll(() => page.locator('.value-row[data-name="conv2"]').textContent()).toMatch(/tensor \[1, 16, 8, 8\]/);
    await screenshot(page, "editing-kept-place");
    await page.close();
  });

  it("says whether the notebook is computing, and clears the status line's messages after a while", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "lenet.html");
    await expect.poll(() => page.locator("#busy").textContent()).toBe("idle");
    await page.locator("#show-code").check();
    await page.locator('.cell[data-cell-id="5"] .cm-content').click();
    await page.keyboard.press("End");
    await page.keyboard.type(" ");
    const seen: string[] = [];
    const watching = page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const texts: string[] = [];
          const busy = document.getElementById("busy")!;
          new MutationObserver(() => texts.push(busy.textContent ?? "")).observe(busy, { childList: true, characterData: true, subtree: true });
          setTimeout(() => resolve(texts), 3000);
        }),
    );
    await page.keyboard.press("Shift+Enter");
    seen.push(...(await watching));
    expect(
      seen.some((t) => /^computing \d+ cells?/.test(t)),
      seen.join(" | "),
    ).toBe(true);
    expect(seen.at(-1)).toBe("idle");
    await expect.poll(() => page.locator("#engine-status").textContent()).toBe("saved cell 5");
    await expect.poll(() => page.locator("#engine-status").textContent(), { timeout: 10_000 }).toBe("");
    await page.close();
  });

  it("shows a syntax error typed into a cell in that cell, drops its stale value, and says so in the cells that read it", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "lenet.html");
    await page.locator("#show-code").check();
    const w2 = page.locator('.cell[data-cell-id="8"]');
    await w2.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText("const w2 = randn([16, 6, 5, 5], {seed: 3, std: 0.08}"); // as pasted: no bracket closed for us
    await page.keyboard.press("Shift+Enter");
    await expect.poll(() => w2.evaluate((c) => c.classList.contains("failed"))).toBe(true);
    await settled(page);
    expect(await w2.locator('.value-row[data-name="w2"]').textContent()).toMatch(/SyntaxError/);
    expect(await w2.locator(".tensor-line").count()).toBe(0); // the old tensor's row is gone
    expect(await page.locator('.value-row[data-name="conv2"]').textContent()).toBe("conv2: waits on w2, which has an error");
    await screenshot(page, "editing-syntax-error");
    await page.keyboard.type(")");
    await page.keyboard.press("Shift+Enter");
    await expect.poll(() => page.locator('.value-row[data-name="conv2"]').textContent()).toMatch(/tensor \[1, 16, 8, 8\]/);
    expect(await w2.evaluate((c) => c.classList.contains("failed"))).toBe(false);
    await page.close();
  });
});
