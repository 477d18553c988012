import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The notebook files named: files as they are, folders by their .html files (with `recursive`,
 * those anywhere inside them, as a class's folder of student folders holds them).
 */
export function notebookFiles(inputs: string[], cwd: string, recursive = false): string[] {
  return inputs.flatMap((input) => {
    const path = resolve(cwd, input);
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path, { recursive, encoding: "utf8" })
      .filter((f) => /\.html?$/i.test(f) && statSync(join(path, f)).isFile())
      .sort()
      .map((f) => join(path, f));
  });
}
