import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ViteDevServer } from "vite";
import { createAppServer } from "../../app/server/app_server.ts";
import { API } from "../../app/routes.ts";
import { notebookHtml } from "../helpers/notebooks.ts";

const dir = mkdtempSync(join(tmpdir(), "scanbook-served-"));
let server: ViteDevServer;
let base = "";

beforeAll(async () => {
  writeFileSync(join(dir, "here.html"), notebookHtml(["const a = 1"]));
  server = await createAppServer(dir, { server: { port: 0, host: "127.0.0.1" }, logLevel: "silent" });
  await server.listen();
  const address = server.httpServer!.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
}, 60_000);
afterAll(() => server?.close());

describe("the dev server's errors", () => {
  it("says a missing notebook is missing by the name asked for, never by the server's own path", async () => {
    for (const url of [`${base}${API}/notebook?path=gone.html`, `${base}/notebooks/gone.html`]) {
      const response = await fetch(url);
      const text = await response.text();
      expect(response.status, url).toBe(404);
      expect(text, url).toBe("no such notebook: gone.html");
      expect(text).not.toContain(dir);
    }
  });

  it("refuses a path outside its folder without naming the folder", async () => {
    const response = await fetch(`${base}${API}/notebook?path=${encodeURIComponent("../secret.html")}`);
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).toBe("not a notebook of this folder: ../secret.html");
    expect(text).not.toContain(dir);
  });

  it("still serves the notebooks that are there", async () => {
    const response = await fetch(`${base}${API}/notebook?path=here.html`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("const a = 1");
  });
});
