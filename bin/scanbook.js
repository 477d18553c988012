#!/usr/bin/env node
// The scanbook command. The sources are TypeScript; tsx compiles them on the fly, so the
// command works from a fresh `npm ci` with no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
const status = await main(process.argv.slice(2));
// A negative status is a server that keeps running (serve).
if (status >= 0) process.exitCode = status;
