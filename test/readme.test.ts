import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../cli/commands.ts";

const root = new URL("..", import.meta.url).pathname;
const docs = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Relative link targets of a markdown file ("docs/app.md#x" → "docs/app.md"), as paths from the root. */
function links(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1].split("#")[0])
    .filter((target) => target && !/^[a-z]+:/.test(target))
    .map((target) => join(dirname(file), target));
}

describe("README and docs", () => {
  it("link only to files the repository has", () => {
    const missing = docs.flatMap((file) =>
      links(file)
        .filter((target) => !existsSync(join(root, target)))
        .map((target) => `${file} → ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it("the README names no file or folder the repository does not have", () => {
    const text = readFileSync(join(root, "README.md"), "utf8").replace(/```[\s\S]*?```/g, "");
    const named = [...text.matchAll(/`([\w.-]+(?:\/[\w.-]*)*)`/g)].map((m) => m[1]).filter((token) => token.includes("/") || /\.(md|ts|js|json|html|png)$|^LICENSE$/.test(token));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it("the README stays short, and the command reference lists every option each command takes", () => {
    expect(readFileSync(join(root, "README.md"), "utf8").split("\n").length).toBeLessThan(80);
    const reference = readFileSync(join(root, "docs/commands.md"), "utf8");
    for (const command of COMMANDS) {
      const row = reference.split("\n").find((line) => line.startsWith("| `") && new RegExp(`scanbook ${command.name}\\b|npm run ${command.name}\\b`).test(line));
      expect(row, command.name).toBeDefined();
      for (const [option, spec] of Object.entries(command.options)) {
        expect(row!.includes(`--${option}`) || (spec.short !== undefined && row!.includes(`-${spec.short} `)), `${command.name} --${option}`).toBe(true);
      }
      // ...and help lists every option the reference shows in the command's usage.
      const usage = /^\| `([^`]+)`/.exec(row!)?.[1] ?? "";
      for (const [flag] of usage.matchAll(/--[a-z][\w-]*/g)) expect(Object.keys(command.options), `${command.name}: ${flag}`).toContain(flag.slice(2));
    }
  });
});
