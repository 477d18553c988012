import { existsSync, writeFileSync } from "node:fs";
import { basename, relative, resolve } from "node:path";
import { parseCommandLine, usageError } from "./args.ts";
import { commandNamed } from "./commands.ts";
import { starterNotebook, titleOf } from "../app/starter_notebook.ts";

const SPEC = commandNamed("new")!;

/** `scanbook new NAME`: writes NAME.html in the current folder (refuses to overwrite without --force). */
export function newNotebook(args: string[]): number {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "string") return usageError(SPEC, parsed);
  if (parsed.operands.length !== 1) return usageError(SPEC, parsed.operands.length ? `one name expected, got also ${parsed.operands[1]}` : "a name is required (scanbook new NAME writes NAME.html)");
  const name = parsed.operands[0];
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const file = resolve(cwd, name.endsWith(".html") ? name : `${name}.html`);
  if (existsSync(file) && parsed.values.force !== true) {
    console.error(`scanbook new: ${relative(cwd, file)} exists already (--force overwrites it)`);
    return 1;
  }
  const shown = relative(cwd, file) || basename(file);
  try {
    writeFileSync(file, starterNotebook(titleOf(basename(file, ".html")), shown));
  } catch (error) {
    console.error(`scanbook new: cannot write ${shown}: ${(error as Error).message}`);
    return 1;
  }
  console.log(`wrote ${shown}: open it with \`npx scanbook serve --dir .\`, or run it with \`npx scanbook run ${shown}\``);
  return 0;
}
