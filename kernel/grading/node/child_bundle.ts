import { existsSync, rmSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Rollup } from "vite";

/** Where `npm run build` leaves the sandbox script: the installed package uses it and never loads Vite. */
export const PREBUILT_SANDBOX = new URL("../../../sandbox/sandbox.mjs", import.meta.url);

let bundled: Promise<string> | undefined;

/**
 * The sandbox as one plain JavaScript file. The sandbox then starts in tens of milliseconds
 * and, under Node's permission model, needs to read nothing but itself (a TypeScript loader
 * would need file access and a worker thread). The package carries it built; from the
 * sources it is built with Vite once per process, into a temporary folder removed at exit.
 */
export function childBundle(): Promise<string> {
  return (bundled ??= existsSync(PREBUILT_SANDBOX) ? Promise.resolve(fileURLToPath(PREBUILT_SANDBOX)) : writeChild());
}

/** The sandbox's script built from the TypeScript sources (needs the sources and Vite). */
export async function buildChild(): Promise<string> {
  const { build } = await import("vite");
  const result = await build({
    configFile: false,
    root: fileURLToPath(new URL("../../..", import.meta.url)),
    logLevel: "error",
    publicDir: false,
    build: {
      write: false,
      ssr: fileURLToPath(new URL("./child.ts", import.meta.url)),
      minify: false,
      target: "node20",
      reportCompressedSize: false,
      rollupOptions: { output: { format: "es", codeSplitting: false } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((f): f is Rollup.OutputChunk => f.type === "chunk");
  if (chunks.length !== 1) throw new Error(`grade: the sandbox came out as ${chunks.length} files, not one`);
  return chunks[0].code;
}

async function writeChild(): Promise<string> {
  const code = await buildChild();
  const dir = await mkdtemp(join(tmpdir(), "scanbook-sandbox-"));
  // The script lives as long as this process: nothing is left in the temporary folder after it.
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "sandbox.mjs");
  await writeFile(file, code);
  return file;
}
