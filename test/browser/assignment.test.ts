import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { reference } from "../../bench/planted_bugs.ts";
import { readNotebook, writeNotebook } from "../../kernel/dataflow/headless.ts";
import { buildAssignment } from "../../kernel/grading/assignment.ts";
import { openNotebook, screenshot, useBrowserApp } from "./harness.ts";

const browser = useBrowserApp();
const FILE = "assignment_student.html";

const check = (page: Page, title: string) => page.locator("figure.scanbook-check", { has: page.locator(`figcaption`, { hasText: new RegExp(`^[✓✗] ${title.replace(/[()]/g, "\\$&")}$`) }) });
const label = (page: Page, title: string) => check(page, title).getAttribute("aria-label");

/** The cell whose code starts with this exercise's marker. */
async function exerciseCell(page: Page, name: string) {
  return page.locator(".cell", { has: page.locator(".cm-content", { hasText: `// @exercise ${name}` }) });
}

/** Replaces an exercise's code by typing it, and does NOT press Shift-Enter: the pause in typing applies it. */
async function typeExercise(page: Page, name: string, code: string): Promise<void> {
  const cell = await exerciseCell(page, name);
  await cell.locator(".code").evaluate((el) => {
    (el as HTMLElement).hidden = false;
  });
  await cell.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(`// @exercise ${name}\n${code}`);
}

async function waitForLabel(page: Page, title: string, pattern: RegExp, timeout = 30_000): Promise<string> {
  await page.waitForFunction(
    ([t, source]) => {
      const figures = [...document.querySelectorAll("figure.scanbook-check")];
      const fig = figures.find((f) => f.querySelector("figcaption")?.textContent?.slice(2) === t);
      return !!fig && new RegExp(source).test(fig.getAttribute("aria-label") ?? "");
    },
    [title, pattern.source] as const,
    { timeout },
  );
  return (await label(page, title))!;
}

describe("an assignment in the app: live feedback as the student types", () => {
  beforeAll(() => {
    const { student } = buildAssignment(readNotebook(reference()));
    writeFileSync(join(browser.app().dir, FILE), writeNotebook(student));
  });

  it("public checks fail with the stub's message, then pass once the exercise is typed, with no Shift-Enter", async () => {
    const page = await openNotebook(browser.context(), browser.app(), FILE);
    expect(await label(page, "downsample1d: forward")).toBe("✗ downsample1d: forward: downsample1d threw: downsample1d: not implemented yet (batch 2, channels 3, width 11, factor 3)");
    // Hidden checks are not in the student's notebook.
    expect(await page.locator("figure.scanbook-check").count()).toBe(13);
    await typeExercise(
      page,
      "downsample1d",
      [
        "function downsample1d(x, k) { const [N, C, W] = x.shape, Wd = Math.ceil(W / k); const data = new Float32Array(N * C * Wd);",
        "for (let p = 0; p < N * C; p++) for (let i = 0; i < Wd; i++) data[p * Wd + i] = x.data[p * W + i * k];",
        "return { shape: [N, C, Wd], data }; }",
      ].join(" "),
    );
    expect(await waitForLabel(page, "downsample1d: forward", /^✓/)).toBe("✓ downsample1d: forward: passed 5 cases (output)");
    await page.close();
  }, 120_000);

  it("a wrong gradient shows expected, actual and the relative error with the worst element outlined, and the mistake it looks like", async () => {
    const page = await openNotebook(browser.context(), browser.app(), FILE);
    await typeExercise(
      page,
      "conv1d_stride1",
      [
        "function conv1dStride1(x, w, b) { throw new Error('later'); }",
        "function conv1dStride1Backward(x, w, dy) { const [N, C, W] = x.shape, [O, , K] = w.shape, L = dy.shape[2];",
        "const gi = new Float32Array(N * C * W), gw = new Float32Array(O * C * K), gb = new Float32Array(O);",
        "for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let i = 0; i < L; i++) { const g = dy.data[(n * O + o) * L + i]; gb[o] += g;",
        "for (let c = 0; c < C; c++) for (let k = 0; k < K; k++) { gw[(o * C + c) * K + k] += g * x.data[(n * C + c) * W + i + k];",
        "gi[(n * C + c) * W + i + k] += g * w.data[(o * C + c) * K + (K - 1 - k)]; } }",
        "return { gradInput: { shape: x.shape, data: gi }, gradWeight: { shape: w.shape, data: gw }, gradBias: { shape: [O], data: gb } }; }",
      ].join(" "),
    );
    const said = await waitForLabel(page, "conv1d, stride 1: backward", /gradInput is off/);
    expect(said).toMatch(/^✗ conv1d, stride 1: backward: gradInput is off in \d+ of 384 values; the worst at \[/);
    const fig = check(page, "conv1d, stride 1: backward");
    expect(await fig.locator(".check-mistake").textContent()).toContain("kernel NOT flipped");
    expect(await fig.locator(".check-smallest").textContent()).toMatch(/^Smallest failing case: batch 1, inChannels 1, outChannels 1, width 2, kernel 2/);
    expect(await fig.locator("figure.check-map").evaluateAll((maps) => maps.map((m) => m.getAttribute("aria-label")))).toEqual([
      "expected gradInput [1, :, :]",
      "your gradInput",
      "relative error (worst outlined)",
    ]);
    // Each map is drawn (an image of the right size), the worst element outlined in two of them.
    const sizes = await fig.locator("figure.check-map img").evaluateAll((imgs) => imgs.map((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight]));
    expect(sizes).toEqual([
      [64, 3],
      [64, 3],
      [64, 3],
    ]);
    expect(await fig.locator(".check-worst").count()).toBe(2);
    await fig.scrollIntoViewIfNeeded();
    await screenshot(page, "assignment-gradient-feedback");
    await page.close();
  }, 120_000);

  it("an infinite loop fails its check after the time limit and never blocks the page", async () => {
    const page = await openNotebook(browser.context(), browser.app(), FILE);
    await page.evaluate(() => {
      const w = window as unknown as { longest: number };
      w.longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
      }).observe({ type: "longtask", buffered: false });
    });
    await typeExercise(page, "max_pool2d", "function maxPool2d(x, kernel, stride) { while (true) {} }");
    const said = await waitForLabel(page, "max pooling: forward", /did not finish/);
    expect(said).toBe("✗ max pooling: forward: maxPool2d did not finish within 5 s (an infinite loop?)");
    // The loop ran 5 s in a worker; the page's own longest task stayed far below that.
    expect(await page.evaluate(() => (window as unknown as { longest: number }).longest)).toBeLessThan(1000);
    expect(browser.errors()).toEqual([]);
    await page.close();
  }, 120_000);
});
