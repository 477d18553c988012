import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, normalize, relative, sep } from "node:path";
import { deserialize, serialize, type Cell } from "@observablehq/notebook-kit";
import { JSDOM } from "jsdom";

/** The notebooks folder the app serves, read and written with Notebook Kit's own (de)serializer. */
export class NotebookStore {
  private readonly window = new JSDOM("").window;

  constructor(readonly dir: string) {}

  /** Paths of the notebooks, relative to the folder, sorted. */
  async list(): Promise<string[]> {
    let files: string[];
    try {
      files = (await readdir(this.dir, { recursive: true })).map(String);
    } catch {
      return []; // no notebooks folder: nothing to serve
    }
    return files.filter((f) => f.endsWith(".html")).map((f) => f.split(sep).join("/")).sort();
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
    const notebook = deserialize(await this.read(path), { parser: new this.window.DOMParser() });
    return notebook.title || path;
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
}
