import type { Engine, Run } from "./engine.ts";
import type { LibraryNotebook, NotebookLibrary } from "./kernel_types.ts";

/**
 * Each cell run's own handle to the "scanbook" library. A notebook imports the library in one
 * cell and calls its functions in others; those functions are bound to the run they were made
 * for, so after an `await` they would start jobs for the importing cell. Instead, whatever
 * comes into a cell from a library (a function, or the module itself) is swapped for the same
 * thing of a library made for the cell's own run: every job the cell starts, at any await
 * depth, is its own and is cancelled with it.
 */
export class LibraryHandles {
  /** A library function or module → the member name it is (or "*" for the module). */
  private readonly members = new WeakMap<object, string>();
  /** Members every library shares (classes, views that start no jobs): nothing to swap. */
  private readonly shared = new WeakSet<object>();

  constructor(
    private readonly engine: Engine,
    private readonly library: NotebookLibrary,
    private readonly notebook: LibraryNotebook,
  ) {}

  /** A library for one run, its members known so that other runs can swap them for their own. */
  forRun(run: Run): Record<string, unknown> {
    const made = this.library.create(this.engine, run, this.notebook) as Record<string, unknown>;
    this.members.set(made, "*");
    for (const [name, member] of Object.entries(made)) {
      if (typeof member !== "function") continue;
      if (this.members.has(member)) this.shared.add(member);
      else this.members.set(member, name);
    }
    return made;
  }

  /**
   * The inputs of a cell's run, with library members swapped for the run's own (made only if
   * one is there). A synchronous cell (compile.ts: it neither awaits nor yields nor defines a
   * function) keeps the members the library calls synchronous: everything it calls runs now.
   */
  bind(inputs: unknown[], run: Run, synchronous = false): unknown[] {
    let own: Record<string, unknown> | undefined;
    return inputs.map((input) => {
      if (typeof input !== "function" && (typeof input !== "object" || input === null)) return input;
      const name = this.members.get(input);
      if (name === undefined || this.shared.has(input)) return input;
      if (synchronous && this.library.synchronous?.has(name)) return input;
      own ??= this.forRun(run);
      return name === "*" ? own : (own[name] ?? input);
    });
  }
}
