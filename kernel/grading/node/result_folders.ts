import { basename } from "node:path";

/** Names a results folder may not take: the class CSV beside them, and names a file system treats specially. */
const RESERVED = new Set(["grades.csv", "con", "prn", "aux", "nul"]);

/**
 * One results folder name per submission file, in order: the file's name without `.html`,
 * reduced to letters, digits, `.`, `_` and `-` (no path separator, no leading dot, at most 80
 * characters), and made unique ignoring case by `-2`, `-3`... so that `dirA/same.html`,
 * `dirB/same.html` and `dirC/same-2.html` never share a folder and no name leads outside the
 * output folder. grades.csv says which file each folder holds.
 */
export function resultFolders(files: readonly string[]): string[] {
  const taken = new Set<string>();
  return files.map((file) => {
    const stem =
      basename(file)
        .replace(/\.html?$/i, "")
        .normalize("NFKC")
        .replace(/[^A-Za-z0-9._-]+/g, "_")
        .replace(/^[._-]+/, "")
        .slice(0, 80) || "submission";
    const base = RESERVED.has(stem.toLowerCase()) ? `${stem}_` : stem;
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}
