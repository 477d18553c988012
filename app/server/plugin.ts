import type { IncomingMessage, ServerResponse } from "node:http";
import type { Plugin, ViteDevServer } from "vite";
import { API, EVENTS } from "../routes.ts";
import { NotebookStore } from "./notebook_store.ts";
import { sendAttachment, sendBuiltFile } from "./static_files.ts";
import { themeCss } from "./themes.ts";
import { indexPage, NEW_NOTEBOOK, notebookPage, notFoundPage, type PageAssets } from "./pages.ts";

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

/** Open pages listening for their notebook's file to change, by notebook path. */
type Listeners = Map<string, Set<ServerResponse>>;

function listen(listeners: Listeners, path: string, res: ServerResponse): void {
  res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store", ...ISOLATION_HEADERS });
  res.write(": listening\n\n");
  const open = listeners.get(path) ?? new Set();
  listeners.set(path, open.add(res));
  res.on("close", () => open.delete(res));
}

async function route(store: NotebookStore, server: ViteDevServer, assets: PageAssets, listeners: Listeners, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (assets.built && url.pathname.startsWith("/client/")) {
    return sendBuiltFile(assets.built, decodeURIComponent(url.pathname.slice("/client/".length)), res, ISOLATION_HEADERS);
  }
  if (url.pathname === EVENTS) {
    listen(listeners, url.searchParams.get("path") ?? "", res);
    return true;
  }
  const listPage = async (status: number, notice?: string) => {
    const paths = await store.list();
    const notebooks = await Promise.all(paths.map(async (path) => ({ path, title: await store.title(path).catch(() => path) })));
    const page = indexPage(notebooks, assets, notice);
    send(res, status, "text/html", assets.built ? page : await server.transformIndexHtml("/", page));
    return true;
  };
  if (url.pathname === "/" || url.pathname === "/index.html") return listPage(200);
  if (url.pathname === NEW_NOTEBOOK && req.method === "POST") {
    const name = new URLSearchParams(await bodyOf(req)).get("name") ?? "";
    let path: string;
    try {
      path = await store.create(name);
    } catch (error) {
      return listPage(400, `No new notebook: ${(error as Error).message.replaceAll(store.dir, ".")}`);
    }
    res.writeHead(303, { Location: `/notebooks/${encodeURI(path)}`, ...ISOLATION_HEADERS });
    res.end();
    return true;
  }
  // A file a notebook reads beside itself (FileAttachment): weights, data.
  if (url.pathname.startsWith("/notebooks/") && !url.pathname.endsWith(".html") && req.method === "GET") {
    return sendAttachment(store.dir, decodeURIComponent(url.pathname.slice("/notebooks/".length)), res, ISOLATION_HEADERS);
  }
  if (url.pathname.startsWith("/notebooks/") && url.pathname.endsWith(".html")) {
    const path = url.pathname.slice("/notebooks/".length);
    let info: Awaited<ReturnType<NotebookStore["info"]>>;
    try {
      info = await store.info(path);
    } catch (error) {
      // Said by the name asked for, never by where the server keeps its files.
      const asked = decodeURIComponent(path).slice(0, 200);
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      return listPage(404, `${missing ? `There is no notebook ${asked} in this folder` : `${asked} is not a notebook of this folder`}; its notebooks are below.`);
    }
    const page = notebookPage(decodeURIComponent(path), info.title, assets, themeCss(info.theme));
    // The bundled page needs nothing of Vite's (and its script is no module for Vite to transform).
    send(res, 200, "text/html", assets.built ? page : await server.transformIndexHtml(url.pathname, page));
    return true;
  }
  if (url.pathname === `${API}/notebook`) {
    send(res, 200, "text/html", await store.read(url.searchParams.get("path") ?? ""));
    return true;
  }
  if (url.pathname === `${API}/save-notebook` && req.method === "POST") {
    const { path, cells } = JSON.parse(await bodyOf(req)) as { path: string; cells: unknown };
    if (typeof path !== "string") throw new Error("save: expected {path: string, cells: [...]}");
    await store.saveNotebook(path, cells);
    send(res, 200, "application/json", JSON.stringify({ saved: true }));
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
export function scanbook(options: { dir: string; assets: PageAssets }): Plugin {
  const store = new NotebookStore(options.dir);
  const listeners: Listeners = new Map();
  const changed = (file: string) => {
    const path = store.pathOf(file);
    for (const res of (path !== undefined && listeners.get(path)) || []) res.write("data: changed\n\n");
  };
  return {
    name: "scanbook",
    config: () => ({
      server: { headers: ISOLATION_HEADERS },
      preview: { headers: ISOLATION_HEADERS },
      // Notebook files are not pages for Vite to scan: the app's entry is the page script
      // (from the sources; the built page has no bare imports left to optimise).
      optimizeDeps: options.assets.entry ? { entries: [options.assets.entry] } : { noDiscovery: true, include: [] },
    }),
    configureServer(server) {
      server.watcher.add(options.dir);
      server.watcher.on("change", changed);
      server.watcher.on("add", changed);
      server.middlewares.use((req, res, next) => {
        route(store, server, options.assets, listeners, req, res).then(
          (handled) => {
            if (!handled) next();
          },
          (error: NodeJS.ErrnoException) => {
            // A missing file is said by the name asked for: the server's own paths stay its own.
            const missing = error.code === "ENOENT";
            const message = missing ? `no such notebook: ${notebookAsked(req)}` : error.message.replaceAll(store.dir, ".");
            send(res, missing || /not a notebook|has no cell/.test(error.message) ? 404 : 400, "text/plain", message);
          },
        );
      });
      // After Vite's own middleware: whatever no one served is a 404 page (a page asked for)
      // or a short 404 (a script, an image).
      return () => {
        server.middlewares.use((req, res) => {
          // Vite's HTML fallback rewrites a page's url to /index.html: the one asked for is the original.
          const path = new URL((req as { originalUrl?: string }).originalUrl ?? req.url ?? "/", "http://localhost").pathname;
          if ((req.headers.accept ?? "").includes("text/html")) send(res, 404, "text/html", notFoundPage(decodeURIComponent(path), options.assets));
          else send(res, 404, "text/plain", `not found: ${path.slice(0, 200)}`);
        });
      };
    },
    // A notebook file is data for the page, not a module: no reload, the page hears of it
    // from its event stream and updates its cells.
    hotUpdate({ file }) {
      if (store.pathOf(file) !== undefined) return [];
    },
  };
}
