import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** What `npm run build` makes dist/ from: a build of the same sources is not repeated, and is current. */
const INPUTS = ["app", "kernel", "cells", "cli", "bench", "scripts/build.ts", "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json"];

/** A hash of the sources dist/ is built from, in a checkout at `root` (written to dist/.source-stamp by the build). */
export function sourceStamp(root: string): string {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    const path = join(root, input);
    const files = input.includes(".")
      ? [path]
      : readdirSync(path, { withFileTypes: true, recursive: true })
          .filter((e) => e.isFile())
          .map((e) => join(e.parentPath, e.name))
          .sort();
    for (const file of files)
      hash
        .update(relative(root, file))
        .update("\0")
        .update(existsSync(file) ? readFileSync(file) : "")
        .update("\0");
  }
  return hash.digest("hex");
}

/** Whether dist/ was built from the sources as they are now. */
export function builtFromSources(root: string): boolean {
  const stamp = join(root, "dist", ".source-stamp");
  return existsSync(stamp) && existsSync(join(root, "dist", "client", "main.js")) && readFileSync(stamp, "utf8") === sourceStamp(root);
}
