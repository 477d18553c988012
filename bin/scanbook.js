#!/usr/bin/env node
// The scanbook command. The sources are TypeScript; tsx compiles them on the fly, so the
// command works from a fresh `npm ci` with no build step.
import { register } from "tsx/esm/api";

register();
// Output piped into a reader that stops early (`| head`): stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => { if (error.code === "EPIPE") process.exit(0); else throw error; });
}
const { main } = await import("../cli/main.ts");
const status = await main(process.argv.slice(2));
// A negative status is a server that keeps running (serve). Otherwise the command is done:
// exit once what it printed is flushed, whatever a notebook's cell left running (a timer, a
// promise that never settles), instead of waiting for the event loop to drain.
if (status >= 0) {
  process.exitCode = status;
  await new Promise((resolve) => process.stdout.write("", () => process.stderr.write("", resolve)));
  process.exit(status);
}
