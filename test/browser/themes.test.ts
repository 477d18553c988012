import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { openNotebook, screenshot, useBrowserApp } from "./harness.ts";

const browser = useBrowserApp();

/** A colour's relative luminance (0 black, 1 white), from a computed rgb() value. */
const luminance = (rgb: string) => {
  const [r, g, b] = rgb.match(/[\d.]+/g)!.map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};
const colours = (page: Page) =>
  page.evaluate(() => {
    const style = (el: Element) => getComputedStyle(el);
    const tick = document.querySelector("figure svg text");
    return {
      background: style(document.documentElement).backgroundColor,
      text: style(document.querySelector("h1")!).color,
      tick: tick ? style(tick).fill : "",
      code: style(document.querySelector(".cm-content .cm-line")!).color,
    };
  });

describe("the notebook's theme", () => {
  it("follows the notebook's theme attribute (parchment here)", async () => {
    const source = readFileSync(join(browser.app().dir, "pooling.html"), "utf8");
    writeFileSync(join(browser.app().dir, "pooling-parchment.html"), source.replace(/<notebook theme="[\w-]+">/, '<notebook theme="parchment">'));
    const page = await openNotebook(browser.context(), browser.app(), "pooling-parchment.html");
    const c = await colours(page);
    expect(c.background).toBe("rgb(249, 240, 234)"); // parchment's background
    expect(c.text).toBe("rgb(74, 65, 58)"); // and its ink
    await page.close();
  });

  it("turns dark when the reader's system prefers dark: text, figures' axes and code readable on a dark page", async () => {
    const dark = await openNotebook(browser.context(), browser.app(), "pooling.html", { colorScheme: "dark" });
    const c = await colours(dark);
    expect(luminance(c.background)).toBeLessThan(0.15);
    expect(luminance(c.text)).toBeGreaterThan(0.7);
    expect(luminance(c.tick)).toBeGreaterThan(0.6); // Plot draws its axes in the text's colour
    expect(luminance(c.code)).toBeGreaterThan(0.5);
    await screenshot(dark, "theme-dark");
    await dark.close();
  });

  it("sets every axis label of every figure (colour legends, curves, bars) clear of its tick labels", async () => {
    for (const notebook of ["pooling.html", "training.html", "lenet_live.html"]) {
      const page = await openNotebook(browser.context(), browser.app(), notebook);
      const overlaps = await page.evaluate(() => {
        const found: string[] = [];
        let labels = 0;
        for (const axis of ["x", "y"]) {
          for (const label of document.querySelectorAll(`figure svg [aria-label='${axis}-axis label'] text`)) {
            labels++;
            const svg = label.closest("svg")!;
            const a = label.getBoundingClientRect();
            for (const tick of svg.querySelectorAll(`[aria-label='${axis}-axis tick label'] text`)) {
              const b = tick.getBoundingClientRect();
              if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) found.push(`${label.textContent} over ${tick.textContent}`);
            }
          }
        }
        return { found, labels };
      });
      expect(overlaps.labels, notebook).toBeGreaterThan(1);
      expect(overlaps.found, notebook).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it("keeps every figure inside its column in a narrow window: a wide table or scan scrolls within its figure", async () => {
    for (const notebook of ["lenet_live.html", "scanning.html", "convolution_arithmetic.html"]) {
      const page = await openNotebook(browser.context(), browser.app(), notebook);
      await page.setViewportSize({ width: 560, height: 900 });
      const { outside, scrolling, figures } = await page.evaluate(() => {
        const outside: string[] = [];
        const scrolling: string[] = [];
        const all = [...document.querySelectorAll<HTMLElement>(".cell figure.scanbook-view")];
        for (const figure of all) {
          const cell = figure.closest<HTMLElement>(".cell")!.getBoundingClientRect();
          // Whatever it draws either lies within the cell or sits inside a box that scrolls.
          for (const part of [figure, ...figure.querySelectorAll<Element>("svg, img, canvas, table, div")]) {
            let clipped = false;
            for (let a = part.parentElement; a && a !== figure.parentElement; a = a.parentElement) if (getComputedStyle(a).overflowX !== "visible") clipped = true;
            const box = part.getBoundingClientRect();
            if (!clipped && (box.left < cell.left - 1 || box.right > cell.right + 1)) outside.push(`${figure.className} ${part.tagName}: ${box.left}..${box.right} in ${cell.left}..${cell.right}`);
          }
          if (figure.scrollWidth > figure.clientWidth + 1) scrolling.push(figure.className);
        }
        return { outside, scrolling, figures: all.length };
      });
      expect(figures, notebook).toBeGreaterThan(1);
      expect(outside, notebook).toEqual([]);
      // What is wider than the column (lenet's summary, the time-delay scan) scrolls inside its figure.
      if (notebook !== "convolution_arithmetic.html") expect(scrolling.length, notebook).toBeGreaterThan(0);
      if (notebook === "lenet_live.html") {
        // Its rows stay one line each: shapes like [1, 16, 8, 8] do not wrap.
        const heights = await page.locator(".summary-table tbody tr").evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
        expect(heights.length).toBe(14);
        expect(Math.max(...heights)).toBeLessThan(1.5 * Math.min(...heights));
        await screenshot(page, "narrow-lenet-live");
      }
      await page.close();
    }
  }, 120_000);
});
