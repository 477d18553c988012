/**
 * The grader's sandbox process, one per submission (started again after a kill). It holds the
 * student's program in a fresh V8 context (sandbox_context.ts) and answers one request per line
 * on stdin (define a cell, call a function) with one line on stdout. The parent runs it under
 * Node's permission model (it may read only this file), with an empty environment, a heap and
 * address-space limit and, where the system allows, no network, and kills it when a request
 * runs past its time. It compares and scores nothing.
 */
import { createInterface } from "node:readline";
import { sandboxContext } from "./sandbox_context.ts";

// A student's promise that rejects must not end the process; its reason is never read.
process.on("unhandledRejection", () => {});

const answer = sandboxContext();
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => process.stdout.write(`${answer(line)}\n`));
lines.on("close", () => process.exit(0));
process.stdout.write('{"ready":true}\n');
