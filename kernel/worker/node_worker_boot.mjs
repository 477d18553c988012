// The engine's worker thread. In the installed package node_worker.js sits beside this file,
// compiled by `npm run build`; in a checkout only the TypeScript source does, run through
// tsx's loader (a development dependency) as the CLI is.
import { existsSync } from "node:fs";

const built = new URL("./node_worker.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./node_worker.ts");
}
