import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The layers import only downward (DESIGN.md, "Layers of the system"):
// kernel/tensor ← kernel/worker ← kernel/dataflow ← cells ← kernel/grading, app, cli.

const root = resolve(new URL("..", import.meta.url).pathname);

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return files(path);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The modules a file imports for its values (not `import type`), statically or dynamically. */
function importsOf(file: string, dynamic: boolean): string[] {
  const text = readFileSync(join(root, file), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "");
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^;"']*?\bfrom\s*)?["']([^"']+)["']/g)) found.push(m[1]);
  if (dynamic) for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.push(m[1]);
  return found;
}

/** A relative import as a path from the root ("kernel/tensor/tensor.ts"), or the package's name. */
function target(from: string, specifier: string): string {
  if (!specifier.startsWith("."))
    return specifier
      .split("/")
      .slice(0, specifier.startsWith("@") ? 2 : 1)
      .join("/");
  return relative(root, resolve(root, dirname(from), specifier));
}

/** Every module a file loads before it runs (static imports, followed through the project's own files). */
function staticClosure(start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.includes("/") && !file.includes(".")) return; // a package: not followed
    if (!existsSync(join(root, file))) return;
    for (const specifier of importsOf(file, false)) visit(target(file, specifier));
  };
  visit(start);
  return seen;
}

const LAYERS: Array<[string, string[]]> = [
  ["kernel/tensor/", ["kernel/worker/", "kernel/dataflow/", "kernel/grading/", "cells/", "app/", "cli/"]],
  ["kernel/worker/", ["kernel/dataflow/", "kernel/grading/", "cells/", "app/", "cli/"]],
  ["kernel/dataflow/", ["kernel/grading/", "cells/", "app/", "cli/"]],
  ["cells/", ["kernel/grading/", "app/", "cli/"]],
  ["kernel/grading/", ["cells/", "app/", "cli/"]],
  ["app/", ["cli/"]],
];

describe("layers", () => {
  for (const [layer, above] of LAYERS) {
    it(`${layer} imports nothing from ${above.join(", ")}`, () => {
      const upward = files(layer.slice(0, -1)).flatMap((file) =>
        importsOf(file, true)
          .map((s) => [file, target(file, s)])
          .filter(([, t]) => above.some((a) => t.startsWith(a)))
          .map(([f, t]) => `${f} → ${t}`),
      );
      expect(upward).toEqual([]);
    });
  }

  it("nothing under kernel/ imports cells/, not even a type: what the kernel needs of the library is handed in", () => {
    const upward = files("kernel").flatMap((file) =>
      [...readFileSync(join(root, file), "utf8").matchAll(/(?:^|\n)\s*(?:import|export)\b[^;"']*?\bfrom\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)]
        .map((m) => target(file, m[1] ?? m[2]))
        .filter((t) => t.startsWith("cells/"))
        .map((t) => `${file} → ${t}`),
    );
    expect(upward).toEqual([]);
  });

  it("the tensor engine uses no DOM, worker or Math.random", () => {
    const offenders = files("kernel/tensor").filter((file) =>
      /\b(document|window|globalThis)\.|\bpostMessage\(|\bMath\.random\b/.test(
        readFileSync(join(root, file), "utf8")
          .replace(/\/\*[\s\S]*?\*\//g, "")
          .replace(/\/\/.*$/gm, ""),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it("headless evaluation loads no bundler and no page code", () => {
    const loaded = [...staticClosure("kernel/dataflow/headless.ts"), ...staticClosure("kernel/dataflow/notebook.ts")];
    expect(loaded.filter((m) => ["vite", "rolldown", "esbuild"].includes(m) || m.startsWith("app/") || m.startsWith("cells/") || m.startsWith("kernel/grading/"))).toEqual([]);
  });

  it("`scanbook --help` loads only the command table, the parser and the version reader", () => {
    const loaded = [...staticClosure("cli/main.ts")].filter((m) => m.includes("/"));
    expect(loaded.sort()).toEqual(["cli/args.ts", "cli/commands.ts", "cli/main.ts", "cli/package_root.ts"]);
  });

  it("the grader's sandbox process loads no bundler (it is one prebuilt file; Vite only builds it from a checkout)", () => {
    const loaded = [...staticClosure("kernel/grading/node/supervisor.ts"), ...staticClosure("kernel/grading/node/child.ts")];
    expect(loaded.filter((m) => ["vite", "rolldown", "esbuild"].includes(m))).toEqual([]);
  });
});
