import type { Dirent } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, normalize, relative, sep } from "node:path";
import { deserialize, serialize, toCell, type Cell } from "@observablehq/notebook-kit";
import { JSDOM } from "jsdom";
import { starterNotebook, titleOf } from "../starter_notebook.ts";

/** The .html files under a folder (as paths with "/"), not looking into node_modules or hidden folders. */
async function htmlFiles(root: string, under: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, under), { withFileTypes: true });
  } catch {
    return []; // no such folder: nothing to serve
  }
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await htmlFiles(root, path)));
    else if (entry.name.endsWith(".html")) found.push(path);
  }
  return found;
}

/** A file in Notebook Kit's format has a <notebook> element (near its start, after the doctype). */
async function isNotebook(file: string): Promise<boolean> {
  try {
    return /<notebook[\s>]/i.test(await readFile(file, "utf8"));
  } catch {
    return false; // a folder named .html, a file that went away: not a notebook
  }
}

/** The notebooks folder the app serves, read and written with Notebook Kit's own (de)serializer. */
export class NotebookStore {
  private readonly window = new JSDOM("").window;

  constructor(readonly dir: string) {}

  /**
   * Paths of the notebooks, relative to the folder, sorted: the .html files that are notebooks
   * (exported reports and other pages are not), outside node_modules and hidden folders (a
   * course's own repository served with `--dir .`).
   */
  async list(): Promise<string[]> {
    const candidates = await htmlFiles(this.dir, "");
    const notebooks = await Promise.all(candidates.map(async (f) => ((await isNotebook(join(this.dir, f))) ? f : undefined)));
    return notebooks.filter((f): f is string => f !== undefined).sort();
  }

  /** The file of a notebook path from a URL; refuses anything outside the folder. */
  resolve(path: string): string {
    const file = normalize(join(this.dir, decodeURIComponent(path)));
    const inside = relative(this.dir, file);
    if (!path.endsWith(".html") || inside.startsWith("..") || inside === "") {
      throw new Error(`not a notebook of this folder: ${path}`);
    }
    return file;
  }

  /** The notebook's path relative to the folder, for a file the watcher reports (or undefined). */
  pathOf(file: string): string | undefined {
    const inside = relative(this.dir, file);
    return inside.startsWith("..") || !inside.endsWith(".html") ? undefined : inside.split(sep).join("/");
  }

  read(path: string): Promise<string> {
    return readFile(this.resolve(path), "utf8");
  }

  async title(path: string): Promise<string> {
    return (await this.info(path)).title;
  }

  /** A notebook's title and theme (Notebook Kit's `theme` attribute: a name, or {light, dark}). */
  async info(path: string): Promise<{ title: string; theme: string | { light: string; dark: string } }> {
    const notebook = deserialize(await this.read(path), { parser: new this.window.DOMParser() });
    return { title: notebook.title || path, theme: notebook.theme as string | { light: string; dark: string } };
  }

  /**
   * Writes one cell's new source into the file, leaving the rest as it was. A cell id the file
   * does not have is an error (the page and the file disagree: reload).
   */
  async saveCell(path: string, id: number, value: string): Promise<void> {
    const notebook = deserialize(await this.read(path), { parser: new this.window.DOMParser() });
    const cell = notebook.cells.find((c: Cell) => c.id === id);
    if (!cell) throw new Error(`${path} has no cell ${id}; reload the page to see the file as it is now`);
    cell.value = value;
    await writeFile(this.resolve(path), serialize(notebook, { document: this.window.document }));
  }

  /**
   * Writes the notebook's cells as the page has them (added, deleted, moved, undone), in order,
   * through Notebook Kit's serializer; the title, the theme and what the page does not edit of
   * a cell it keeps (a cell keeps its other attributes by id).
   */
  async saveNotebook(path: string, cells: unknown): Promise<void> {
    const notebook = deserialize(await this.read(path), { parser: new this.window.DOMParser() });
    const old = new Map(notebook.cells.map((c: Cell) => [c.id, c]));
    notebook.cells = expectCells(cells).map((c) => toCell({ ...old.get(c.id), ...c }));
    await writeFile(this.resolve(path), serialize(notebook, { document: this.window.document }));
  }

  /**
   * A new notebook from the starter (what `scanbook new` writes), at the top of the folder:
   * `name` is a plain file name (letters, digits, spaces, - and _), never an existing file.
   * Resolves to its path.
   */
  async create(name: string): Promise<string> {
    const base = name.trim().replace(/\.html$/, "");
    if (!/^[\w][\w -]{0,79}$/.test(base)) throw new Error(`a notebook name is letters, digits, spaces, - and _ (up to 80), got ${JSON.stringify(name.slice(0, 80))}`);
    const path = `${base.replace(/ +/g, "-")}.html`;
    await writeFile(this.resolve(path), starterNotebook(titleOf(base), path), { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === "EEXIST" ? new Error(`${path} exists already: open it from the list, or choose another name`) : error;
    });
    return path;
  }
}

const MODES = new Set(["js", "ts", "md", "html", "tex", "dot", "ojs", "sql", "node", "python", "r"]);

/** The page's cells as it sent them: [{id, mode, value, pinned}], ids whole and distinct. */
function expectCells(cells: unknown): Array<Pick<Cell, "id" | "mode" | "value" | "pinned">> {
  if (!Array.isArray(cells)) throw new Error("save: expected cells: [{id, mode, value, pinned}]");
  const ids = new Set<number>();
  return cells.map((c, i) => {
    const { id, mode, value, pinned } = (c ?? {}) as Record<string, unknown>;
    if (typeof id !== "number" || !Number.isInteger(id) || id < 1 || ids.has(id))
      throw new Error(`save: cell ${i}: expected a whole id of 1 or more, not used by another cell, got ${JSON.stringify(id)}`);
    if (typeof mode !== "string" || !MODES.has(mode)) throw new Error(`save: cell ${i}: unknown mode ${JSON.stringify(mode)}`);
    if (typeof value !== "string") throw new Error(`save: cell ${i}: expected its source as a string`);
    ids.add(id);
    return { id, mode: mode as Cell["mode"], value, pinned: pinned === true };
  });
}
