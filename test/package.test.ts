import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Every source file below a folder (.ts, .mjs, .js). */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.(ts|mjs|js)$/.test(name) ? [path] : [];
  });
}

/** The package a bare import specifier names ("@scope/name/sub" → "@scope/name"). */
const packageOf = (specifier: string) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

describe("package.json", () => {
  // bench/ compares against tfjs, a devDependency: what it does without one is issue 15's.
  it("lists every package the shipped code imports among its dependencies, not devDependencies", () => {
    const missing: string[] = [];
    for (const file of ["app", "cells", "cli", "kernel", "bin"].flatMap(sources)) {
      // Comments may quote imports ("turns `import {a} from "m"` into ..."): left out.
      const text = readFileSync(join(root, file), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "");
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"'.][^"']*)["']|\bimport\(\s*["']([^"'.][^"']*)["']\s*\)/g)) {
        const specifier = m[1] ?? m[2];
        if (specifier.startsWith("node:") || builtinModules.includes(specifier) || specifier === "scanbook") continue;
        // The TypeScript loader runs a checkout's sources; the package runs dist/ and never
        // loads it (package_install.test.ts runs every command with no tsx installed).
        if (specifier === "tsx/esm/api" && (file === "bin/scanbook.js" || file.endsWith("node_worker_boot.mjs"))) continue;
        if (!(packageOf(specifier) in pkg.dependencies)) missing.push(`${file}: ${specifier}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
