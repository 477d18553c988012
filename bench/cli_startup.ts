import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin/scanbook.js");

/** A small notebook: an input, one convolution, its ReLU and a number read from it. */
const SMALL = `<!doctype html>
<notebook>
  <title>Small</title>
  <script type="module">import {tensor, randn, conv2d, relu} from "scanbook"</script>
  <script type="module">const x = randn([1, 1, 28, 28], {seed: 1})</script>
  <script type="module">const y = relu(conv2d(x, {weight: tensor([[[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]]])}))</script>
  <script type="module">const size = y.shape.join(" × ")</script>
</notebook>
`;

export interface CliRow {
  command: string;
  /** The package as installed (dist/, compiled JavaScript) or a checkout's TypeScript through tsx. */
  from: "package" | "sources";
  medianMs: number;
  /** What issue 15 asks of it: --help and --version under 0.3 s, a small run under 3 s. */
  targetMs: number;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Wall time of a whole process, from spawn to exit: what a user waits at the prompt. */
function timed(args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...env, INIT_CWD: cwd }, encoding: "utf8" });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`bench cli: scanbook ${args.join(" ")} exited ${child.status}: ${child.stderr.trim().split("\n").pop()}`);
  return ms;
}

/**
 * Cold starts of the command: each run is a new process, as at a prompt. The package's own
 * figures (dist/, built by `npm run build`) are the ones users get; a checkout's (tsx
 * compiling the sources on the fly) are shown beside them when dist/ is there.
 */
export function cliBench(quick: boolean): CliRow[] {
  const dir = mkdtempSync(join(tmpdir(), "scanbook-bench-cli-"));
  try {
    writeFileSync(join(dir, "small.html"), SMALL);
    const commands: Array<[string, string[], number]> = [
      ["--help", ["--help"], 300],
      ["--version", ["--version"], 300],
      ["run small.html", ["run", "small.html"], 3000],
    ];
    const modes: Array<CliRow["from"]> = existsSync(join(ROOT, "dist/cli/main.js")) ? ["package", "sources"] : ["sources"];
    const runs = quick ? 1 : 5;
    const rows: CliRow[] = [];
    for (const from of modes) {
      const env = { ...process.env, SCANBOOK_BUILT: from === "package" ? "1" : "" };
      for (const [command, args, targetMs] of commands) {
        rows.push({ command, from, medianMs: Math.round(medianOf(Array.from({ length: runs }, () => timed(args, dir, env)))), targetMs });
      }
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printCli(rows: CliRow[]): void {
  console.log("\nCommand start-up (a new process each run, median wall time; target as issue 15 asks)");
  console.log(`${"command".padEnd(16)} ${"from".padEnd(9)} ${"ms".padStart(7)} ${"target".padStart(7)}  within`);
  for (const r of rows) {
    console.log(
      `${r.command.padEnd(16)} ${r.from.padEnd(9)} ${String(r.medianMs).padStart(7)} ${String(r.targetMs).padStart(7)}  ${r.medianMs <= r.targetMs ? "yes" : "no"} (${(r.medianMs / r.targetMs).toFixed(2)} of it)`,
    );
  }
}
