import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createServer, type InlineConfig, type ViteDevServer } from "vite";
import type { PageAssets } from "./pages.ts";
import { scanbook } from "./plugin.ts";

/** Where the page's files are served from, and what the page loads. */
interface Served {
  root: string;
  assets: PageAssets;
}

/**
 * From a checkout, the page's TypeScript sources through Vite (edits to the app reload);
 * from the installed package, the page `npm run build` bundled into dist/client. Either way
 * the server's root is the package, not the folder of notebooks it serves.
 */
export function served(): Served {
  const sources = new URL("../client/main.ts", import.meta.url);
  const root = fileURLToPath(new URL("../..", import.meta.url));
  if (existsSync(sources)) {
    return { root, assets: { script: "/app/client/main.ts", styles: ["/app/client/style.css"], entry: fileURLToPath(sources) } };
  }
  return { root, assets: { script: "/client/main.js", styles: ["/client/style.css", "/client/main.css"], built: fileURLToPath(new URL("../../client", import.meta.url)) } };
}

/** The app's dev server on `dir`: the notebook list, each notebook's page, saving and live file changes. */
export function createAppServer(dir: string, options: InlineConfig = {}): Promise<ViteDevServer> {
  const { root, assets } = served();
  return createServer({
    configFile: false,
    root,
    ...options,
    plugins: [scanbook({ dir, assets })],
    // The notebooks may live anywhere: the server reads them through the plugin, not as files under its root.
    server: { ...options.server, fs: { allow: [root, dir] } },
  });
}
