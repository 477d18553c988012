import { join, resolve } from "node:path";
import { createServer } from "vite";
import { scanbook } from "../app/server/plugin.ts";

const USAGE = "usage: scanbook serve [--port N] [--host HOST] [--dir NOTEBOOKS]";

/**
 * `npm start`: the Vite dev server with the Scanbook plugin, serving notebooks/ (or --dir).
 * Resolves once listening; the server runs until the process ends.
 */
export async function serve(args: string[]): Promise<number> {
  let port = 5173, host = "localhost", dir = join(process.cwd(), "notebooks");
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    if (args[i] === "--port" && value && /^\d+$/.test(value)) { port = Number(value); i++; }
    else if (args[i] === "--host" && value) { host = value; i++; }
    else if (args[i] === "--dir" && value) { dir = resolve(process.cwd(), value); i++; }
    else { console.error(USAGE); return 2; }
  }
  const server = await createServer({
    configFile: false,
    root: process.cwd(),
    plugins: [scanbook({ dir })],
    server: { port, host, strictPort: false },
    logLevel: "info",
  });
  await server.listen();
  server.printUrls();
  return -1; // keep running
}
