import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { screenshot, settled, useBrowserApp } from "./harness.ts";

const browser = useBrowserApp();

describe("the app's pages", () => {
  it("starts a new notebook from the index page: the starter, written into the folder and opened, every cell ok", async () => {
    const page = await browser.context().newPage();
    await page.goto(browser.app().url);
    await page.locator(".new-notebook input[name=name]").fill("edge detectors");
    await page.locator(".new-notebook button").click();
    await page.waitForURL(/\/notebooks\/edge-detectors\.html$/);
    await page.waitForFunction(() => (globalThis as { scanbook?: unknown }).scanbook !== undefined);
    await settled(page);
    expect(existsSync(join(browser.app().dir, "edge-detectors.html"))).toBe(true);
    expect(await page.locator("h1").first().textContent()).toBe("Edge detectors");
    const cells = await page.evaluate(() => (globalThis as any).scanbook.kernel.cells().map((c: any) => c.status));
    expect(cells.every((s: string) => s === "ok")).toBe(true);
    // The same name again is refused on the index page, saying why.
    await page.goto(browser.app().url);
    await page.locator(".new-notebook input[name=name]").fill("edge-detectors");
    await page.locator(".new-notebook button").click();
    expect(await page.locator(".notice").textContent()).toBe("No new notebook: edge-detectors.html exists already: open it from the list, or choose another name");
    await page.close();
  });

  it("answers an unknown notebook with the list and a message (no server path), and any other unknown path with a 404 page", async () => {
    const page = await browser.context().newPage();
    const response = await page.goto(`${browser.app().url}/notebooks/no-such-thing.html`);
    expect(response!.status()).toBe(404);
    expect(await page.locator(".notice").textContent()).toBe("There is no notebook no-such-thing.html in this folder; its notebooks are below.");
    expect(await page.locator("ul.notebooks a").count()).toBeGreaterThan(10);
    expect(await page.content()).not.toContain(browser.app().dir);
    await screenshot(page, "pages-unknown-notebook");
    const other = await page.goto(`${browser.app().url}/some/where`);
    expect(other!.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("Not found");
    expect(await page.locator(".notice").textContent()).toBe("Nothing here at /some/where.");
    expect(await page.locator("a[href='/']").count()).toBe(1);
    await page.close();
  });
});
