import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { Rollup } from "vite";

/** The script and stylesheet of a live report: one of each, everything inlined. */
export interface LiveBundle {
  /** The script gzipped, in base64: what a report carries (a quarter of the size). */
  jsGzipBase64: string;
  css: string;
}

/** Where `npm run build` leaves the bundle: the installed package uses it and never loads Vite. */
export const PREBUILT_LIVE_BUNDLE = new URL("../../report/live_bundle.json", import.meta.url);

let bundle: Promise<LiveBundle> | undefined;

/**
 * The live report's script: the runtime, the cells library, Plot, Inputs, the editor and the
 * engine, with the worker inlined (started from a Blob) and dynamic imports folded in, so the
 * page needs no file beside it and asks no server for anything. Built once by `npm run build`
 * for the package; from the sources (a checkout), built with Vite once per process.
 */
export function liveBundle(): Promise<LiveBundle> {
  return (bundle ??= existsSync(PREBUILT_LIVE_BUNDLE) ? Promise.resolve(JSON.parse(readFileSync(PREBUILT_LIVE_BUNDLE, "utf8")) as LiveBundle) : buildLiveBundle());
}

/** Builds the bundle from the TypeScript sources (needs the sources and Vite). */
export async function buildLiveBundle(): Promise<LiveBundle> {
  const { build } = await import("vite");
  const result = await build({
    configFile: false,
    root: fileURLToPath(new URL("../..", import.meta.url)),
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
      rollupOptions: { input: fileURLToPath(new URL("../client/report_main.ts", import.meta.url)), output: { format: "es", codeSplitting: false } },
    },
    // A classic worker: Chromium will not start a module worker from a Blob in a page opened from a file.
    worker: { format: "iife" },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const files = outputs.flatMap((o) => o.output);
  const chunks = files.filter((f): f is Rollup.OutputChunk => f.type === "chunk");
  if (chunks.length !== 1) throw new Error(`export: the live report's script came out as ${chunks.length} files, not one`);
  const css = files
    .filter((f): f is Rollup.OutputAsset => f.type === "asset" && f.fileName.endsWith(".css"))
    .map((f) => String(f.source))
    .join("\n");
  const others = files.filter((f) => f.type === "asset" && !f.fileName.endsWith(".css"));
  if (others.length) throw new Error(`export: the live report would need files beside it: ${others.map((f) => f.fileName).join(", ")}`);
  return { jsGzipBase64: gzipSync(chunks[0].code, { level: 9 }).toString("base64"), css };
}
