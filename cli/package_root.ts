import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of scanbook's package.json: one level up from cli/ in a checkout, two from
 * dist/cli/ in the installed package.
 */
export function packageRoot(): string {
  for (const up of ["..", "../.."]) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "bin/scanbook.js"))) return dir;
  }
  throw new Error(`scanbook: cannot find its own package.json above ${fileURLToPath(import.meta.url)}`);
}

/** The version the package says it is. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}
