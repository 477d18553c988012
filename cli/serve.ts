import { readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * Until the browser app exists, `npm start` lists the notebooks it will serve.
 */
export function serve(_args: string[]): number {
  const dir = join(process.cwd(), "notebooks");
  let files: string[] = [];
  try {
    files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".html")).sort();
  } catch {
    // no notebooks folder yet: nothing to list
  }
  console.log("Scanbook: the browser app is not built yet; it will serve these notebooks from notebooks/:");
  if (files.length === 0) console.log("  (none yet)");
  for (const f of files) console.log(`  ${f}`);
  return 0;
}
