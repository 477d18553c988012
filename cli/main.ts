import { closest, commandHelp } from "./args.ts";
import { COMMANDS, commandNamed } from "./commands.ts";
import { packageVersion } from "./package_root.ts";

// Each command's module is loaded only when that command runs: help, --version or a bad
// command line answer without loading the engine, jsdom or Vite.
type Command = (args: string[]) => Promise<number> | number;
const LOADERS: Record<string, () => Promise<Command>> = {
  run: async () => (await import("./run.ts")).run,
  export: async () => (await import("./export.ts")).exportCommand,
  serve: async () => (await import("./serve.ts")).serve,
  new: async () => (await import("./new_notebook.ts")).newNotebook,
  import: async () => (await import("./import_model.ts")).importModel,
  "export-model": async () => (await import("./export_model.ts")).exportModel,
  assign: async () => (await import("./assign.ts")).assign,
  grade: async () => (await import("./grade.ts")).grade,
  golden: async () => (await import("./golden.ts")).golden,
  bench: async () => (await import("./bench.ts")).bench,
};

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    "usage: scanbook COMMAND [options]",
    "",
    "commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    `  ${"help".padEnd(width)}this list, or a command's options (scanbook help COMMAND)`,
    "",
    "scanbook COMMAND --help shows a command's options; scanbook --version its version.",
  ].join("\n");
}

function unknownCommand(command: string): number {
  const near = closest(command, [...COMMANDS.map((c) => c.name), "help"]);
  console.error(`scanbook: unknown command "${command}"${near ? ` (did you mean ${near}?)` : ""}\n\n${usage()}`);
  return 2;
}

/** Asks for help before any "--" (after it, "--help" would be an operand). */
const asksHelp = (args: string[]) => {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
};

/** Dispatches a command line; returns the exit status (2 for a bad command line). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    console.error(usage());
    return 2;
  }
  if (command === "--version" || command === "-V" || command === "version") {
    console.log(packageVersion());
    return 0;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    if (rest[0] === undefined) {
      console.log(usage());
      return 0;
    }
    const spec = commandNamed(rest[0]);
    if (!spec) return unknownCommand(rest[0]);
    console.log(commandHelp(spec));
    return 0;
  }
  const spec = commandNamed(command);
  if (!spec) return unknownCommand(command);
  if (asksHelp(rest)) {
    console.log(commandHelp(spec));
    return 0;
  }
  return (await LOADERS[command]())(rest);
}
