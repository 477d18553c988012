import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Rollup } from "vite";

/** The script and stylesheet of a live report: one of each, everything inlined. */
export interface LiveBundle {
  js: string;
  /** The script gzipped, in base64: what a report carries (a quarter of the size). */
  jsGzipBase64: string;
  css: string;
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ENTRY = fileURLToPath(new URL("../client/report_main.ts", import.meta.url));

let bundle: Promise<LiveBundle> | undefined;

/**
 * Builds the live report's script once per process with Vite: the runtime, the cells
 * library, Plot, Inputs, the editor and the engine, with the worker inlined (started from a
 * Blob) and dynamic imports folded in, so the page needs no file beside it and asks no server
 * for anything.
 */
export function liveBundle(): Promise<LiveBundle> {
  return (bundle ??= buildBundle());
}

async function buildBundle(): Promise<LiveBundle> {
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: "error",
    publicDir: false,
    build: {
      write: false,
      minify: true,
      target: "es2022",
      cssCodeSplit: false,
      modulePreload: false,
      reportCompressedSize: false,
      assetsInlineLimit: () => true,
      rollupOptions: { input: ENTRY, output: { format: "es", codeSplitting: false } },
    },
    // A classic worker: Chromium will not start a module worker from a Blob in a page opened from a file.
    worker: { format: "iife" },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const files = outputs.flatMap((o) => o.output);
  const chunks = files.filter((f): f is Rollup.OutputChunk => f.type === "chunk");
  if (chunks.length !== 1) throw new Error(`export: the live report's script came out as ${chunks.length} files, not one`);
  const css = files.filter((f): f is Rollup.OutputAsset => f.type === "asset" && f.fileName.endsWith(".css")).map((f) => String(f.source)).join("\n");
  const others = files.filter((f) => f.type === "asset" && !f.fileName.endsWith(".css"));
  if (others.length) throw new Error(`export: the live report would need files beside it: ${others.map((f) => f.fileName).join(", ")}`);
  const js = chunks[0].code;
  return { js, jsGzipBase64: gzipSync(js, { level: 9 }).toString("base64"), css };
}
