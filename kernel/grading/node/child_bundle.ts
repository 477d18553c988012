import { rmSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Rollup } from "vite";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const ENTRY = fileURLToPath(new URL("./child.ts", import.meta.url));

let bundled: Promise<string> | undefined;

/**
 * The sandbox as one plain JavaScript file, built once per process with Vite. The sandbox
 * then starts in tens of milliseconds and, under Node's permission model, needs to read
 * nothing but itself (a TypeScript loader would need file access and a worker thread).
 */
export function childBundle(): Promise<string> {
  return (bundled ??= buildChild());
}

async function buildChild(): Promise<string> {
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: "error",
    publicDir: false,
    build: {
      write: false,
      ssr: ENTRY,
      minify: false,
      target: "node20",
      reportCompressedSize: false,
      rollupOptions: { output: { format: "es", codeSplitting: false } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunks = outputs.flatMap((o) => o.output).filter((f): f is Rollup.OutputChunk => f.type === "chunk");
  if (chunks.length !== 1) throw new Error(`grade: the sandbox came out as ${chunks.length} files, not one`);
  const dir = await mkdtemp(join(tmpdir(), "scanbook-sandbox-"));
  // The script lives as long as this process: nothing is left in the temporary folder after it.
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "sandbox.mjs");
  await writeFile(file, chunks[0].code);
  return file;
}
