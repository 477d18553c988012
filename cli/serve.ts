import { join, resolve } from "node:path";
import { createAppServer } from "../app/server/app_server.ts";
import { numberOption, parseCommandLine, usageError } from "./args.ts";
import { commandNamed } from "./commands.ts";

const SPEC = commandNamed("serve")!;

/**
 * `npm start`: the Vite dev server with the Scanbook plugin, serving notebooks/ (or --dir).
 * Resolves once listening; the server runs until the process ends.
 */
export async function serve(args: string[]): Promise<number> {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "string") return usageError(SPEC, parsed);
  const { values, operands } = parsed;
  if (operands.length) return usageError(SPEC, `serve takes no operands, got ${operands[0]} (the folder is --dir ${operands[0]})`);
  const port = values.port === undefined ? 5173 : numberOption("port", values.port as string, 0, 65535);
  if (typeof port === "string" || !Number.isInteger(port)) return usageError(SPEC, `--port needs a whole number from 0 to 65535, got ${values.port}`);
  // The folder the command runs in (npm start: the package's own, with its notebooks/).
  const cwd = process.cwd();
  const dir = values.dir === undefined ? join(cwd, "notebooks") : resolve(cwd, values.dir as string);
  const server = await createAppServer(dir, { server: { port, host: (values.host as string | undefined) ?? "localhost", strictPort: false }, logLevel: "info" });
  await server.listen();
  server.printUrls();
  return -1; // keep running
}
