import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openNotebook, screenshot, settled, stats, useBrowserApp } from "./harness.ts";

// Sources: one test imports Plot and the views' own modules into the page through Vite.
const browser = useBrowserApp({ sources: true });

/* eslint-disable @typescript-eslint/no-explicit-any -- page code reads the page's own DOM */
const output = (page: Page, cell: number) => page.locator(`.cell[data-cell-id="${cell}"] .output`);
const caption = (page: Page, cell: number) => output(page, cell).locator("figcaption").first().textContent();

/** Tags the figure a cell shows now, so a later check can tell whether it was drawn again. */
async function tag(page: Page, cell: number, name: string): Promise<void> {
  await page.evaluate(
    ([c, n]) => {
      (document.querySelector(`.cell[data-cell-id="${c}"] figure`) as any).__tag = n;
    },
    [cell, name] as const,
  );
}
const tagOf = (page: Page, cell: number) => page.evaluate((c) => (document.querySelector(`.cell[data-cell-id="${c}"] figure`) as any)?.__tag ?? null, cell);

describe("views and inputs in Chromium (notebooks/playground.html)", () => {
  it("a stride slider changes the shapes and maps downstream; conv1's map is not drawn again", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "playground.html");
    expect(await caption(page, 13)).toContain("[1, 8, 22, 22]");
    await tag(page, 8, "conv1 map");
    await tag(page, 13, "conv2 map");
    const before = await stats(page);
    const slider = page.getByLabel("conv2 stride");
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => caption(page, 13)).toContain("[1, 8, 11, 11]");
    await settled(page);
    expect(await page.locator('.value-row[data-name="conv2"]').textContent()).toContain("[1, 8, 11, 11]");
    expect(await tagOf(page, 8)).toBe("conv1 map");
    expect(await tagOf(page, 13)).toBe(null);
    const after = await stats(page);
    for (const name of ["x", "w1", "conv1", "cell 8"]) expect(after[name].runs, name).toBe(before[name].runs);
    for (const name of ["conv2", "cell 13", "fc", "logits", "loss", "cell 19"]) expect(after[name].runs, name).toBeGreaterThan(before[name].runs);
    await screenshot(page, "10-stride-slider");
    await page.close();
  });

  it("dragging a filter weight changes the maps after it and the gradient view", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "playground.html");
    await tag(page, 8, "conv1 map");
    await tag(page, 19, "gradient");
    const gradientBefore = await caption(page, 19);
    const conv1Before = await page.locator('.value-row[data-name="conv1"]').textContent();
    const weight = page.locator(".filter-editor .weight").first();
    await weight.scrollIntoViewIfNeeded();
    const valueBefore = Number(await weight.getAttribute("aria-valuenow"));
    const box = (await weight.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y - 40, { steps: 8 });
    await page.mouse.up();
    await expect.poll(async () => Number(await weight.getAttribute("aria-valuenow"))).toBeGreaterThan(valueBefore);
    await expect.poll(() => tagOf(page, 8)).toBe(null);
    await settled(page);
    expect(await tagOf(page, 19)).toBe(null);
    expect(await caption(page, 19)).toBe(gradientBefore); // same shape, new values
    expect(await page.locator('.value-row[data-name="conv1"]').textContent()).not.toBe(conv1Before);
    await screenshot(page, "11-filter-weight-dragged");
    expect(browser.errors()).toEqual([]);
    await page.close();
  });

  it("pointing at a unit of conv2 outlines the 7 × 7 window of the input it sees, at the stride's step", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "playground.html");
    const map = output(page, 13).locator(".map-box").first();
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    const cell = box.width / 22; // 22 units across
    // Unit (row 3, col 5) of conv2 (stride 1): conv1 is 5x5, conv2 3x3 → rows 3..9, cols 5..11 of x.
    await page.mouse.move(box.x + cell * 5.5, box.y + cell * 3.5);
    await expect.poll(() => output(page, 4).locator(".map").first().getAttribute("data-highlight")).toBe("3-9,5-11");
    expect(await output(page, 8).locator(".map").first().getAttribute("data-highlight")).toBe("3-5,5-7");
    expect(await output(page, 13).locator(".map").nth(2).getAttribute("data-highlight")).toBe("3-3,5-5");
    await screenshot(page, "12-receptive-field-hover");
    // The keyboard does the same: focus the map (its unit stays where the pointer left it, (3, 5)), move right twice.
    await page.mouse.move(0, 0);
    await output(page, 13).locator(".map").first().focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => output(page, 4).locator(".map").first().getAttribute("data-highlight")).toBe("3-9,7-13");
    expect(await output(page, 13).locator(".readout").textContent()).toMatch(/^ch 0 \(3, 7\): -?\d/);
    await page.close();
  });

  it("a map is drawn in the colours of Plot's scale, one value per cell, NaN left transparent", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "playground.html");
    // Page code as text: the test runner rewrites `import()` in functions it compiles.
    const { drawn, expected, sizes } = (await page.evaluate(`(async () => {
      const { rasterImage } = await import("/cells/views/raster.ts");
      const Plot = await import("/test/browser/page_plot.ts");
      const values = [-2, -0.5, 0, 1.5, 2, NaN]; // one row, a diverging scale on [-2, 2]
      const color = { type: "diverging", scheme: "BuRd", domain: [-2, 2] };
      const img = rasterImage({ channel: 0, rows: 1, cols: values.length, values: Float32Array.from(values), min: -2, max: 2 }, color, 10);
      await img.decode();
      const context = document.createElement("canvas").getContext("2d");
      context.canvas.width = img.naturalWidth; context.canvas.height = img.naturalHeight;
      context.drawImage(img, 0, 0);
      const drawn = values.map((_, i) => Array.from(context.getImageData(i, 0, 1, 1).data));
      const scale = Plot.scale({ color });
      const expected = values.slice(0, -1).map((v) => {
        context.clearRect(0, 0, 1, 1); context.fillStyle = scale.apply(v); context.fillRect(0, 0, 1, 1);
        return Array.from(context.getImageData(0, 0, 1, 1).data);
      });
      return { drawn, expected: [...expected, [0, 0, 0, 0]], sizes: [img.naturalWidth, img.naturalHeight, img.width, img.height, img.style.imageRendering] };
    })()`)) as { drawn: number[][]; expected: number[][]; sizes: unknown[] };
    expect(sizes).toEqual([6, 1, 60, 10, "pixelated"]); // a pixel per value, shown 10 × 10
    for (let i = 0; i < expected.length; i++) {
      for (let c = 0; c < 4; c++) expect(Math.abs(drawn[i][c] - expected[i][c]), `value ${i}, channel ${c}`).toBeLessThanOrEqual(2);
    }
    expect(new Set(drawn.slice(0, -1).map(String)).size).toBe(5);
    await page.close();
  });

  it("while a filter weight is dragged for two seconds, no main-thread task lasts longer than 50 ms", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "lenet_live.html");
    await page.evaluate(() => {
      (globalThis as any).longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) (globalThis as any).longTasks.push(e.duration);
      }).observe({ type: "longtask" });
    });
    const weight = page.locator(".filter-editor .weight").nth(12);
    await weight.scrollIntoViewIfNeeded();
    const box = (await weight.boundingBox())!;
    const x = box.x + box.width / 2,
      y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    const start = Date.now();
    for (let i = 0; Date.now() - start < 2000; i++) {
      await page.mouse.move(x, y - 60 * Math.sin(i / 10));
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    await settled(page);
    const longTasks: number[] = await page.evaluate(() => (globalThis as any).longTasks);
    const runs = (await stats(page)).conv1.runs;
    console.log(`drag 2 s on lenet_live.html: conv1 ran ${runs} times; long tasks: ${longTasks.length ? `${longTasks.map((d) => d.toFixed(0)).join(", ")} ms` : "none"}`);
    expect(runs).toBeGreaterThan(5);
    expect(longTasks).toEqual([]);
    await page.close();
  });
});
