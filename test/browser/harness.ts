import { cpSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { ViteDevServer } from "vite";
import { createAppServer } from "../../app/server/app_server.ts";
import { CHROMIUM, CHROMIUM_FLAGS } from "../../bench/browser_bench.ts";

/** Where end-to-end tests leave their screenshots (not committed). */
export const ARTIFACTS = join(process.cwd(), "test-artifacts", "browser");

/** Debian's Chromium, started as the project's browser tests must start it (the bench starts it the same way). */
export { CHROMIUM } from "../../bench/browser_bench.ts";

export interface App {
  url: string;
  /** The notebooks folder the server serves: a copy, so saves do not touch the repository. */
  dir: string;
  server: ViteDevServer;
}

/** The app's dev server on a free port, serving a copy of notebooks/. */
export async function startApp(options: { sources?: boolean } = {}): Promise<App> {
  const dir = mkdtempSync(join(tmpdir(), "scanbook-notebooks-"));
  cpSync(join(process.cwd(), "notebooks"), dir, { recursive: true });
  // The page as the app serves it (bundled while dist/ is current), or its source modules
  // through Vite for a test that imports modules into the page itself.
  const server = await createAppServer(dir, { server: { port: 0, host: "127.0.0.1" }, logLevel: "error" }, options.sources ? { sources: true } : {});
  await server.listen();
  const address = server.httpServer!.address();
  if (!address || typeof address === "string") throw new Error("the dev server has no port");
  return { url: `http://127.0.0.1:${address.port}`, dir, server };
}

/** Headless Chromium with a fresh profile; page errors and console errors are collected. */
export async function launch(): Promise<{ context: BrowserContext; errors: string[] }> {
  const profile = mkdtempSync(join(tmpdir(), "scanbook-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1100, height: 900 },
  });
  const errors: string[] = [];
  context.on("weberror", (e) => errors.push(e.error().message));
  return { context, errors };
}

/** Opens a notebook page and waits until its kernel has settled. */
export async function openNotebook(context: BrowserContext, app: App, path: string, media: { colorScheme?: "light" | "dark" } = {}): Promise<Page> {
  const page = await context.newPage();
  if (media.colorScheme) await page.emulateMedia({ colorScheme: media.colorScheme });
  await page.goto(`${app.url}/notebooks/${path}`);
  await page.waitForFunction(() => (globalThis as { scanbook?: unknown }).scanbook !== undefined, undefined, { timeout: 60_000 });
  await settled(page);
  return page;
}

/** Waits until every cell of the page's notebook has a value or an error. */
export function settled(page: Page): Promise<void> {
  return page.evaluate(() => (globalThis as unknown as { scanbook: { kernel: { settled(): Promise<void> } } }).scanbook.kernel.settled());
}

/** Runs per name so far, from the page's kernel. */
export function stats(page: Page): Promise<Record<string, { runs: number; jobMs: number }>> {
  return page.evaluate(() => (globalThis as unknown as { scanbook: { kernel: { stats(): Record<string, { runs: number; jobMs: number }> } } }).scanbook.kernel.stats());
}

/** Opens a cell's code (behind "edit" unless the notebook pins it), as a reader would. */
export async function showCode(page: Page, id: number): Promise<void> {
  const cell = page.locator(`.cell[data-cell-id="${id}"]`);
  if (await cell.locator(".code").isHidden()) await cell.locator(".toggle-code").click();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * One dev server and one Chromium for a test file: started before its tests, closed after.
 * The getters read them once started.
 */
export function useBrowserApp(options: { sources?: boolean } = {}): { app(): App; context(): BrowserContext; errors(): string[] } {
  let app: App | undefined,
    context: BrowserContext | undefined,
    errors: string[] = [];
  beforeAll(async () => {
    app = await startApp(options);
    ({ context, errors } = await launch());
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await app?.server.close();
  });
  return { app: () => app!, context: () => context!, errors: () => errors };
}
