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
    const api = await fetch(`${base}${API}/notebook?path=gone.html`);
    expect(api.status).toBe(404);
    expect(await api.text()).toBe("no such notebook: gone.html");
    // The page itself: the notebook list, with the message.
    const page = await fetch(`${base}/notebooks/gone.html`);
    const html = await page.text();
    expect(page.status).toBe(404);
    expect(html).toContain('<p class="notice" role="alert">There is no notebook gone.html in this folder; its notebooks are below.</p>');
    expect(html).toContain('<a href="/notebooks/here.html">');
    expect(html).not.toContain(dir);
  });

  it("answers a path it does not have with a 404 page for a browser and a short 404 otherwise", async () => {
    const page = await fetch(`${base}/nowhere/at-all`, { headers: { Accept: "text/html" } });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("Nothing here at <code>/nowhere/at-all</code>.");
    const script = await fetch(`${base}/nowhere.js`);
    expect(script.status).toBe(404);
    expect(await script.text()).toBe("not found: /nowhere.js");
  });

  it("makes a new notebook from a name (the index page's form), refusing a path or a name taken", async () => {
    const made = await fetch(`${base}/new-notebook`, { method: "POST", body: new URLSearchParams({ name: "first try" }), redirect: "manual" });
    expect(made.status).toBe(303);
    expect(made.headers.get("location")).toBe("/notebooks/first-try.html");
    for (const [name, message] of [
      ["first-try", "No new notebook: first-try.html exists already: open it from the list, or choose another name"],
      ["../up", "No new notebook: a notebook name is letters, digits, spaces, - and _ (up to 80), got &#34;../up&#34;"],
    ]) {
      const refused = await fetch(`${base}/new-notebook`, { method: "POST", body: new URLSearchParams({ name }) });
      expect(refused.status, name).toBe(400);
      expect(await refused.text(), name).toContain(message);
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
