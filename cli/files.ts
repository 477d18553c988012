import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The notebook files named: files as they are, folders by their .html files. */
export function notebookFiles(inputs: string[], cwd: string): string[] {
  return inputs.flatMap((input) => {
    const path = resolve(cwd, input);
    if (statSync(path).isDirectory()) return readdirSync(path).filter((f) => f.endsWith(".html")).sort().map((f) => join(path, f));
    return [path];
  });
}
