import type { IncomingMessage, ServerResponse } from "node:http";
import type { Plugin, ViteDevServer } from "vite";
import { API, CHANGED_EVENT } from "../routes.ts";
import { NotebookStore } from "./notebook_store.ts";
import { indexPage, notebookPage } from "./pages.ts";

/** The page must be cross-origin isolated so the engine worker can share its cancellation flags. */
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};


function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "Content-Type": `${type}; charset=utf-8`, "Cache-Control": "no-store", ...ISOLATION_HEADERS });
  res.end(body);
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function route(store: NotebookStore, server: ViteDevServer, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/" || url.pathname === "/index.html") {
    const paths = await store.list();
    const notebooks = await Promise.all(paths.map(async (path) => ({ path, title: await store.title(path).catch(() => path) })));
    send(res, 200, "text/html", await server.transformIndexHtml(url.pathname, indexPage(notebooks)));
    return true;
  }
  if (url.pathname.startsWith("/notebooks/") && url.pathname.endsWith(".html")) {
    const path = url.pathname.slice("/notebooks/".length);
    const title = await store.title(path);
    send(res, 200, "text/html", await server.transformIndexHtml(url.pathname, notebookPage(decodeURIComponent(path), title)));
    return true;
  }
  if (url.pathname === `${API}/notebook`) {
    send(res, 200, "text/html", await store.read(url.searchParams.get("path") ?? ""));
    return true;
  }
  if (url.pathname === `${API}/save` && req.method === "POST") {
    const { path, id, value } = JSON.parse(await bodyOf(req)) as { path: string; id: number; value: string };
    if (typeof path !== "string" || typeof id !== "number" || typeof value !== "string") {
      throw new Error("save: expected {path: string, id: number, value: string}");
    }
    await store.saveCell(path, id, value);
    send(res, 200, "application/json", JSON.stringify({ saved: true }));
    return true;
  }
  return false;
}

/** The notebook a request is about, as the page named it. */
function notebookAsked(req: IncomingMessage): string {
  const url = new URL(req.url ?? "/", "http://localhost");
  const path = url.searchParams.get("path") ?? decodeURIComponent(url.pathname.replace(/^\/notebooks\//, ""));
  return path.slice(0, 200);
}

/**
 * The Scanbook app as a Vite plugin: lists the notebooks of `dir`, serves each as a page whose
 * script runs it (engine in a Web Worker), saves cells the page edits back into the file, and
 * tells open pages when a file changes on disk so they update the changed cells in place.
 */
export function scanbook(options: { dir: string }): Plugin {
  const store = new NotebookStore(options.dir);
  return {
    name: "scanbook",
    config: () => ({
      server: { headers: ISOLATION_HEADERS },
      preview: { headers: ISOLATION_HEADERS },
      // Notebook files are not pages for Vite to scan: the app's entry is the page script.
      optimizeDeps: { entries: ["app/client/main.ts"] },
    }),
    configureServer(server) {
      server.watcher.add(options.dir);
      server.middlewares.use((req, res, next) => {
        route(store, server, req, res).then((handled) => { if (!handled) next(); }, (error: NodeJS.ErrnoException) => {
          // A missing file is said by the name asked for: the server's own paths stay its own.
          const missing = error.code === "ENOENT";
          const message = missing ? `no such notebook: ${notebookAsked(req)}` : error.message.replaceAll(store.dir, ".");
          send(res, missing || /not a notebook|has no cell/.test(error.message) ? 404 : 400, "text/plain", message);
        });
      });
    },
    // A notebook file is data for the page, not a module: no reload, the page updates its cells.
    hotUpdate({ file }) {
      const path = store.pathOf(file);
      if (path === undefined) return;
      if (this.environment.name !== "client") return [];
      this.environment.hot.send({ type: "custom", event: CHANGED_EVENT, data: { path } });
      return [];
    },
  };
}
