import { describe, expect, it } from "vitest";
import { openNotebook, screenshot, useBrowserApp } from "./harness.ts";

const browser = useBrowserApp();

/* eslint-disable @typescript-eslint/no-explicit-any -- page code reads the page's own kernel */
describe("the engine's Web Worker in Chromium", () => {
  it("cancels a running conv that an edit replaced; only the newest values are shown", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "lenet.html");
    const result = await page.evaluate(async () => {
      const { kernel } = (globalThis as any).scanbook;
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      kernel.redefine("x", "randn([1, 1, 1500, 1500], {seed: 40})");
      while (kernel.stats().conv1.runs < 2) await sleep(2);
      await sleep(30); // the worker is inside conv1's long job now
      kernel.redefine("x", "randn([1, 1, 28, 28], {seed: 1})");
      await kernel.settled();
      const conv1 = kernel.cells().find((c: any) => c.name === "conv1").value;
      return {
        cancelled: kernel.engine.client.cancelledJobs,
        statuses: kernel
          .cells()
          .filter((c: any) => c.status !== "ok")
          .map((c: any) => c.name),
        shape: conv1.shape,
        stats: await conv1.stats(),
      };
    });
    expect(result.cancelled).toBeGreaterThan(0);
    expect(result.statuses).toEqual([]);
    expect(result.shape).toEqual([1, 6, 24, 24]);
    // The same input as when the page opened: the same map (from the opening run, in the page).
    const row = await page.locator('.value-row[data-name="conv1"]').textContent();
    expect(row).toContain(`min ${result.stats.min.toFixed(3)}`);
    await page.close();
  });

  it("starts a new worker when the worker dies; the next edit recomputes normally", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "lenet.html");
    const result = await page.evaluate(async () => {
      const { kernel } = (globalThis as any).scanbook;
      const generation = kernel.engine.client.generation;
      kernel.engine.client.killWorker();
      await new Promise((r) => setTimeout(r, 50));
      kernel.redefine("w1", "randn([6, 1, 5, 5], {seed: 9, std: 0.2})");
      await kernel.settled();
      return {
        generations: [generation, kernel.engine.client.generation],
        failed: kernel
          .cells()
          .filter((c: any) => c.status !== "ok")
          .map((c: any) => `${c.name}: ${c.error?.message}`),
        tensors: await kernel.tensorCount(),
      };
    });
    expect(result.generations[1]).toBe(result.generations[0] + 1);
    expect(result.failed).toEqual([]);
    expect(result.tensors).toBeGreaterThan(0);
    // One engine worker once the killed one is gone (its kernel threads, Web Workers made from
    // a Blob URL, end at their next wake-up, within a quarter of a second).
    const engines = () => page.workers().filter((w) => !w.url().startsWith("blob:")).length;
    for (let waited = 0; engines() > 1 && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(engines()).toBe(1);
    await page.close();
  });

  it("says in the top bar which backend computes, and computes the same notebook on the reference when the menu picks it", async () => {
    const values = async (path: string) => {
      const page = await openNotebook(browser.context(), browser.app(), path);
      await page.waitForFunction(() => document.querySelector("#engine-menu .engine-label")?.textContent !== "");
      const result = await page.evaluate(async () => {
        const { kernel } = (globalThis as any).scanbook;
        // 16 images: conv1 and conv2 are large enough (over 1M multiply-adds) to be split over the kernel threads.
        kernel.redefine("x", "randn([16, 1, 28, 28], {seed: 7})");
        await kernel.settled();
        const read = async (name: string) =>
          Array.from(
            (
              await kernel
                .cells()
                .find((c: any) => c.name === name)
                .value.read()
            ).data as Float32Array,
          );
        return {
          engine: await kernel.engine.client.engineInfo(),
          data: [...(await read("conv1")), ...(await read("conv2"))],
          cores: navigator.hardwareConcurrency,
          isolated: globalThis.crossOriginIsolated,
        };
      });
      const label = await page.locator("#engine-menu .engine-label").textContent();
      const chosen = await page.locator("#engine-menu select").inputValue();
      return { page, label, chosen, ...result };
    };
    const fast = await values("lenet.html");
    expect(fast.engine.backend).toBe("wasm");
    expect(fast.chosen).toBe("wasm");
    // The page's worker: the relaxed-SIMD kernels (Chromium has them) on a kernel thread per core (the dev server's page is cross-origin isolated).
    expect(fast.isolated).toBe(true);
    expect(fast.engine.fusedMultiplyAdd).toBe(true);
    expect(fast.engine.threads).toBe(fast.cores);
    if (fast.cores > 1) expect(fast.engine.threadRounds).toBeGreaterThan(0);
    expect(fast.label).toBe(`WebAssembly SIMD${fast.engine.fusedMultiplyAdd ? " + FMA" : ""} · ${fast.engine.threads} thread${fast.engine.threads === 1 ? "" : "s"}`);
    await screenshot(fast.page, "engine-menu");
    // Picking the reference in the menu reloads the notebook on it.
    await Promise.all([fast.page.waitForURL(/backend=js/), fast.page.locator("#engine-menu select").selectOption("js")]);
    expect(new URL(fast.page.url()).searchParams.get("backend")).toBe("js");
    await fast.page.close();
    const reference = await values("lenet.html?backend=js");
    expect(reference.engine.backend).toBe("js");
    expect(reference.engine.note).toBe("the reference backend was chosen");
    expect(reference.label).toBe("TypeScript reference · 1 thread");
    expect(reference.chosen).toBe("js");
    expect(reference.data.length).toBe(fast.data.length);
    for (let i = 0; i < fast.data.length; i++) expect(Math.abs(reference.data[i] - fast.data[i]), `conv1[${i}]`).toBeLessThan(1e-5);
    await reference.page.close();
  });
});
