import { parseArgs } from "node:util";
import type { CommandSpec } from "./commands.ts";

/** A command line as a command reads it: option values by name, and the operands. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  operands: string[];
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

/** The closest of `known` to `word`, when it is close enough to be a slip of the keyboard. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined,
    bestDistance = Infinity;
  for (const k of known) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

const didYouMean = (word: string, known: readonly string[]) => {
  const near = closest(word, known);
  return near ? ` (did you mean ${near}?)` : "";
};

/** Why parseArgs refused, said as the other commands say it. */
function usageMessage(error: { code?: string; message: string }, spec: CommandSpec, args: string[]): string {
  const flags = Object.keys(spec.options).map((o) => `--${o}`);
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = /'([^']+)'/.exec(error.message)?.[1] ?? "";
    const name = flag.replace(/=.*/, "");
    return `unknown option ${name}${didYouMean(name, flags)}`;
  }
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const raw = /'(-[^ ',]+)/.exec(error.message)?.[1] ?? "";
    const entry = Object.entries(spec.options).find(([name, o]) => raw === `--${name}` || (o.short !== undefined && raw === `-${o.short}`));
    if (!entry) return error.message.split("\n")[0];
    const [name, option] = entry;
    if (option.type === "boolean") return `--${name} takes no value`;
    const at = args.findIndex((a) => a === `--${name}` || a === `-${option.short}`);
    const next = at >= 0 ? args[at + 1] : undefined;
    const wanted = `--${name} needs ${option.value ?? "a value"}`;
    return next === undefined ? `${wanted}, got nothing` : `${wanted}, got ${next} (write --${name}=${next} for a value that starts with -)`;
  }
  return error.message;
}

/**
 * One parser for every command (node:util's parseArgs): `--timeout 5` and `--timeout=5`,
 * `-o OUT`, booleans without a value, repeated options where the spec allows. Returns the
 * parsed line or why it is wrong (the caller prints it with the usage, exit status 2).
 */
export function parseCommandLine(spec: CommandSpec, args: string[]): ParsedArgs | string {
  const options = Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, { type: o.type, multiple: o.multiple === true, ...(o.short ? { short: o.short } : {}) }]));
  try {
    const { values, positionals } = parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs["values"], operands: positionals };
  } catch (error) {
    return usageMessage(error as { code?: string; message: string }, spec, args);
  }
}

/** `scanbook COMMAND --help`: the usage line, what the operands are and every option. */
export function commandHelp(spec: CommandSpec): string {
  const flag = (name: string, o: { short?: string; value?: string }) => `${o.short ? `-${o.short}, ` : ""}--${name}${o.value ? ` ${o.value}` : ""}`;
  const rows = [...Object.entries(spec.options).map(([name, o]) => [flag(name, o), o.help]), ["-h, --help", "show this help"]];
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return [
    `usage: scanbook ${spec.name}${spec.operands ? ` ${spec.operands}` : ""} [options]`,
    "",
    `${spec.summary[0].toUpperCase()}${spec.summary.slice(1)}.`,
    ...(spec.details ? ["", spec.details] : []),
    "",
    "options:",
    ...rows.map(([f, help]) => `  ${f.padEnd(width)}${help}`),
  ].join("\n");
}

/** `--tensor-budget` and friends as numbers: the value or why not. */
export function numberOption(flag: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | string {
  const n = value === undefined || value.trim() === "" ? NaN : Number(value);
  return Number.isFinite(n) && n >= min && n <= max ? n : `--${flag} needs a number from ${min} to ${max}, got ${value ?? "nothing"}`;
}

/** A command's usage error: said on stderr with the usage line; the caller exits 2. */
export function usageError(spec: CommandSpec, message: string): number {
  console.error(`scanbook ${spec.name}: ${message}\nusage: scanbook ${spec.name}${spec.operands ? ` ${spec.operands}` : ""} [options]  (scanbook ${spec.name} --help for more)`);
  return 2;
}

export { didYouMean };
