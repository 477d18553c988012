// `npm run build` (run by `npm pack` through prepack): the package's JavaScript in dist/.
//   dist/{cli,kernel,cells,app,bench}/  the TypeScript sources compiled by tsc (.js + .d.ts), the
//                                       WebAssembly kernels inside (kernel/tensor/wasm/generated)
//   dist/client/                        the page's script, worker and styles (Vite)
//   dist/report/live_bundle.json        a live report's single inlined script (Vite)
//   dist/sandbox/sandbox.mjs            the grader's sandbox, one file (Vite)
// The installed package runs these and never compiles TypeScript or starts a bundler for its
// own code.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { buildLiveBundle } from "../app/export/live_bundle.ts";
import { buildChild } from "../kernel/grading/node/child_bundle.ts";
import { buildWasm } from "./build_wasm.ts";
import { sourceStamp } from "../app/server/source_stamp.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, "dist");
const say = (what: string) => process.stderr.write(`build: ${what}\n`);

// The kernels' module is a source of the build (kernel/tensor/wasm/generated): made first.
await buildWasm();

const STAMP = join(DIST, ".source-stamp");
const stamp = sourceStamp(ROOT);
if (existsSync(STAMP) && readFileSync(STAMP, "utf8") === stamp && !process.argv.includes("--force")) {
  say("dist/ is up to date with the sources");
  process.exit(0);
}
rmSync(DIST, { recursive: true, force: true });

say("compiling TypeScript (tsc -p tsconfig.build.json)");
execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });

/** Files Node loads beside the compiled ones: worker-thread scripts and the page's stylesheet. */
function copyBeside(dir: string, keep: (name: string) => boolean): void {
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !keep(entry.name)) continue;
    const from = join(entry.parentPath, entry.name);
    const to = join(DIST, relative(ROOT, from));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
  }
}
for (const dir of ["cli", "kernel"]) copyBeside(dir, (name) => name.endsWith(".mjs"));
copyBeside("app/client", (name) => name.endsWith(".css"));

say("bundling the page (dist/client)");
await build({
  configFile: false,
  root: ROOT,
  base: "./",
  // Vite's notices about Node built-ins left out of the page (the digits' Node loader, never run there) are noise.
  logLevel: "error",
  publicDir: false,
  build: {
    chunkSizeWarningLimit: 8000,
    outDir: join(DIST, "client"),
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
    cssCodeSplit: false,
    rollupOptions: {
      input: join(ROOT, "app/client/main.ts"),
      output: { entryFileNames: "main.js", chunkFileNames: "[name]-[hash].js", assetFileNames: (a) => (a.names?.[0]?.endsWith(".css") ? "main.css" : "[name]-[hash][extname]") },
    },
  },
  worker: { format: "es" },
});

copyFileSync(join(ROOT, "app/client/style.css"), join(DIST, "client/style.css"));

say("bundling the live report's script (dist/report)");
mkdirSync(join(DIST, "report"), { recursive: true });
writeFileSync(join(DIST, "report/live_bundle.json"), JSON.stringify(await buildLiveBundle()));

say("bundling the grader's sandbox (dist/sandbox)");
mkdirSync(join(DIST, "sandbox"), { recursive: true });
writeFileSync(join(DIST, "sandbox/sandbox.mjs"), await buildChild());
writeFileSync(STAMP, stamp);
say("done");
