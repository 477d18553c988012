import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { sine, wav16 } from "../helpers/wav.ts";
import { openNotebook, screenshot, settled, stats, useBrowserApp } from "./harness.ts";

const browser = useBrowserApp();

const row = (page: Page, name: string) => page.locator(`.value-row[data-name="${name}"]`);

describe("image and signal inputs in Chromium", () => {
  it("drawing on the image input changes x and what follows it", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "playground.html");
    const before = await stats(page);
    const xBefore = await page.evaluate(() =>
      (globalThis as any).scanbook.kernel
        .cells()
        .find((c: any) => c.name === "x")
        .value.stats(),
    );
    const canvas = page.locator(".image-input canvas");
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 10, box.y + 10);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 10, box.y + box.height - 10, { steps: 20 });
    await page.mouse.up();
    await expect.poll(async () => (await stats(page)).conv1.runs).toBeGreaterThan(before.conv1.runs);
    await settled(page);
    const xAfter = await page.evaluate(() =>
      (globalThis as any).scanbook.kernel
        .cells()
        .find((c: any) => c.name === "x")
        .value.stats(),
    );
    expect(xAfter.mean).toBeGreaterThan(xBefore.mean); // more ink
    // The drawn input keeps its cell's name: the summary's first row is x, and the maps after it
    // are still titled by their own cells.
    expect(await page.locator(".summary-table tbody tr th").first().textContent()).toBe("x");
    expect(await page.locator(".feature-maps figcaption").allTextContents()).toContain("conv1 · conv2d · [1, 4, 24, 24] · shared scale");
    await screenshot(page, "20-image-drawn");
    await page.close();
  });

  it("an uploaded picture becomes the 28 × 28 input; a bundled sample replaces it", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "playground.html");
    // A picture made in the page: a dark bar on white paper, as a PNG file.
    const png = await page.evaluate(() => {
      const c = document.createElement("canvas");
      c.width = c.height = 56;
      const g = c.getContext("2d")!;
      g.fillStyle = "#fff";
      g.fillRect(0, 0, 56, 56);
      g.fillStyle = "#000";
      g.fillRect(24, 4, 8, 48);
      return c.toDataURL("image/png").split(",")[1];
    });
    const runs = (await stats(page)).conv1.runs;
    await page.locator(".image-input input[type=file]").setInputFiles({ name: "bar.png", mimeType: "image/png", buffer: Buffer.from(png, "base64") });
    await expect.poll(async () => (await stats(page)).conv1.runs).toBeGreaterThan(runs);
    await settled(page);
    const x = await page.evaluate(async () => {
      const t = await (globalThis as any).scanbook.kernel
        .cells()
        .find((c: any) => c.name === "x")
        .value.read();
      return { shape: t.shape, centre: t.data[14 * 28 + 14], corner: t.data[0] };
    });
    expect(x.shape).toEqual([1, 1, 28, 28]);
    expect(x.centre).toBeGreaterThan(0.9); // ink turned bright
    expect(x.corner).toBeLessThan(0.1); // paper turned dark
    await page.locator(".image-input select").selectOption("lecture 5 × 5");
    // A 5 × 5 input is too small for conv1's 5 × 5 filters and conv2's 3 × 3 after them.
    await expect.poll(() => row(page, "conv2").textContent()).toMatch(/conv2d "conv2": /);
    expect(await row(page, "conv1").textContent()).toContain("tensor [1, 4, 1, 1]");
    await screenshot(page, "21-image-uploaded-then-sample");
    await page.close();
  });

  it("a WAV upload becomes a spectrogram input: 16 channels, one frame per 10 ms", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "scanning.html");
    const rate = 16000;
    const tone = [...sine(500, rate, 0.5), ...sine(2000, rate, 0.5)];
    await page.locator(".signal-input input[type=file]").setInputFiles({ name: "tones.wav", mimeType: "audio/wav", buffer: Buffer.from(wav16(tone, rate)) });
    // A view cell shows its input, not a value row: its value is read from the page's kernel.
    const shape = () => page.evaluate(() => (globalThis as any).scanbook.kernel.cells().find((c: any) => c.name === "recording").value?.shape);
    await expect.poll(shape).toEqual([1, 16, 98]);
    await settled(page);
    // conv1d with 8-frame filters, stride 4: (98 - 8) / 4 + 1 = 23 positions.
    expect(await row(page, "tdnn").textContent()).toContain("tensor [1, 4, 23]");
    expect(await page.locator(".signal-input [role=status]").textContent()).toBe("tones.wav: 98 frames of 10 ms");
    await screenshot(page, "22-wav-uploaded");
    await page.close();
  });
});
