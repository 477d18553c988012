#!/usr/bin/env node
// The scanbook command. The installed package runs the JavaScript `npm run build` compiled
// into dist/; a checkout (where the TypeScript sources sit beside this file) runs the sources
// through tsx, a development dependency, so an edit takes effect without a build.
// SCANBOOK_BUILT=1 runs a checkout's dist/ instead, as the package would (the bench times it).
import { existsSync } from "node:fs";

// Output piped into a reader that stops early (`| head`): stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(0);
    else throw error;
  });
}
const sources = new URL("../cli/main.ts", import.meta.url);
let cli;
if (existsSync(sources) && process.env.SCANBOOK_BUILT !== "1") {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import(sources.href);
} else {
  cli = await import(new URL("../dist/cli/main.js", import.meta.url).href);
}
const status = await cli.main(process.argv.slice(2));
// A negative status is a server that keeps running (serve). Otherwise the command is done:
// exit once what it printed is flushed, whatever a notebook's cell left running (a timer, a
// promise that never settles), instead of waiting for the event loop to drain.
if (status >= 0) {
  process.exitCode = status;
  await new Promise((resolve) => process.stdout.write("", () => process.stderr.write("", resolve)));
  process.exit(status);
}
