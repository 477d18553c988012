// Each command's module is loaded only when that command runs: `--help` or a bad command
// line answers without loading the engine, jsdom or Vite.

const USAGE = `usage: scanbook <command> [options]

commands:
  run NOTEBOOK [--edit NAME=EXPRESSION ...] [--json] [--timeout SECONDS] [--tensor-budget GB]
                 evaluate a notebook headless; print every cell, and what an edit recomputed
  export NOTEBOOK... -o OUT [--static] [--allow-errors] [--timeout SECONDS] [--tensor-budget GB]
                 write self-contained static reports (one file, or a folder with an index)
  assign SOURCE -o OUT [--gradescope]
                 split an assignment notebook into the student's notebook and the grader's bundle
  grade ASSIGNMENT SUBMISSION... [--jobs N] [--timeout SECONDS] [--memory MB] [--seed N] [-o DIR]
                 grade students' notebooks in sandboxes: results.json each and a class CSV
  golden FILE [--dtype float32|float64] [--verbose]
                 run every case of a golden file (shared/golden format) through the engine
  bench [--json] [--quick] [--only a,b,c]
                 time our engine against tfjs (cpu and wasm) on the same convolutions
  serve [--port N] [--host HOST] [--dir NOTEBOOKS]
                 the browser app (npm start): notebooks live, editable, saved back to their files`;

/** Dispatches a command line; returns the exit status (2 for a bad command line). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "run": return (await import("./run.ts")).run(rest);
    case "golden": return (await import("./golden.ts")).golden(rest);
    case "bench": return (await import("./bench.ts")).bench(rest);
    case "serve": return (await import("./serve.ts")).serve(rest);
    case "export": return (await import("./export.ts")).exportCommand(rest);
    case "assign": return (await import("./assign.ts")).assign(rest);
    case "grade": return (await import("./grade.ts")).grade(rest);
    case undefined:
    case "-h":
    case "--help":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`scanbook: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
