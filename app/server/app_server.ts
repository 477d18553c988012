import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { builtFromSources } from "./source_stamp.ts";
import { createServer, type InlineConfig, type ViteDevServer } from "vite";
import type { PageAssets } from "./pages.ts";
import { scanbook } from "./plugin.ts";

/** Where the page's files are served from, and what the page loads. */
interface Served {
  root: string;
  assets: PageAssets;
}

/**
 * The page as one bundled script (what `npm run build` makes into dist/client): a notebook
 * opens with a handful of requests instead of a few hundred modules. The installed package
 * always has it; a checkout uses it while dist/ is built from the sources as they are
 * (`npm start` builds first), and the TypeScript sources through Vite otherwise, or with
 * SCANBOOK_APP_SOURCES=1 (working on the app itself: edits reload).
 */
export function served(preferSources = process.env.SCANBOOK_APP_SOURCES === "1"): Served {
  const sources = new URL("../client/main.ts", import.meta.url);
  const root = fileURLToPath(new URL("../..", import.meta.url));
  if (!existsSync(sources)) return { root, assets: builtAssets(fileURLToPath(new URL("../../client", import.meta.url))) };
  if (!preferSources && builtFromSources(root)) return { root, assets: builtAssets(join(root, "dist", "client")) };
  return { root, assets: { script: "/app/client/main.ts", styles: ["/app/client/style.css"], entry: fileURLToPath(sources) } };
}

const builtAssets = (built: string): PageAssets => ({ script: "/client/main.js", styles: ["/client/style.css", "/client/main.css"], built });

/** The app's dev server on `dir`: the notebook list, each notebook's page, saving and live file changes. */
export function createAppServer(dir: string, options: InlineConfig = {}, page: { sources?: boolean } = {}): Promise<ViteDevServer> {
  const { root, assets } = served(page.sources);
  return createServer({
    configFile: false,
    root,
    ...options,
    plugins: [scanbook({ dir, assets })],
    // The notebooks may live anywhere: the server reads them through the plugin, not as files under its root.
    server: { ...options.server, fs: { allow: [root, dir] } },
  });
}
