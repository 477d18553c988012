// What each command takes, in one table: the parser, `scanbook help`, `COMMAND --help` and
// "did you mean" all read it. It imports nothing, so help answers without loading a command.

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** The value's name in help (`--timeout SECONDS`). */
  value?: string;
  help: string;
}

export interface CommandSpec {
  name: string;
  /** The operands, as help shows them (`NOTEBOOK...`). */
  operands: string;
  summary: string;
  /** Lines under the usage line: what the operands are, defaults, exit status. */
  details?: string;
  options: Record<string, OptionSpec>;
}

const TIMEOUT = (what: string): OptionSpec => ({ type: "string", value: "SECONDS", help: what });
const BUDGET: OptionSpec = { type: "string", value: "GB", help: "the most one tensor may take (default a quarter of the memory, at most 4)" };

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "run",
    operands: "NOTEBOOK",
    summary: "evaluate a notebook headless; print every cell, and what an edit recomputed",
    details: "exit status: 0 every cell ok, 1 a cell ended in an error or did not settle, 2 a bad command line or file",
    options: {
      edit: { type: "string", multiple: true, value: "NAME=EXPRESSION", help: "after the first settle, redefine a cell and list what recomputed (repeatable)" },
      json: { type: "boolean", help: "print one JSON object {cells, recomputed, stats}" },
      timeout: TIMEOUT("the whole command's time (default 120)"),
      "tensor-budget": BUDGET,
    },
  },
  {
    name: "export",
    operands: "NOTEBOOK...",
    summary: "write self-contained reports (one file, or a folder with an index)",
    details: "one notebook: OUT is the report file; several notebooks or a folder: OUT is a folder, with an index.html",
    options: {
      out: { type: "string", short: "o", value: "OUT", help: "the report file, or the folder of reports" },
      static: { type: "boolean", help: "the pre-rendered report only, no script (otherwise it comes alive when JavaScript runs)" },
      pdf: { type: "string", value: "REPORT.pdf", help: "also print the pre-rendered report to a PDF through Chromium (one notebook)" },
      "allow-errors": { type: "boolean", help: "write the report even when a cell ends in an error" },
      timeout: TIMEOUT("the whole command's time (default 300 per notebook)"),
      "tensor-budget": BUDGET,
    },
  },
  {
    name: "serve",
    operands: "",
    summary: "the browser app: notebooks live, editable, saved back to their files",
    options: {
      dir: { type: "string", value: "FOLDER", help: "the notebooks to serve (default ./notebooks)" },
      port: { type: "string", value: "N", help: "the port (default 5173, or the next free one)" },
      host: { type: "string", value: "HOST", help: "the address to listen on (default localhost)" },
    },
  },
  {
    name: "new",
    operands: "NAME",
    summary: "write a starter notebook NAME.html: an input, a convolution and its feature maps",
    options: {
      force: { type: "boolean", help: "overwrite NAME.html if it exists" },
    },
  },
  {
    name: "import",
    operands: "MODEL.onnx",
    summary: "write a notebook from an ONNX model: a cell per layer, its weights in a safetensors file beside it",
    details:
      "writes NOTEBOOK.html and NOTEBOOK.weights.safetensors (the cells read their weights from it)\nexit status: 0 written, 1 the model cannot be imported (the node and operator named), 2 a bad command line or file",
    options: {
      out: { type: "string", short: "o", value: "NOTEBOOK.html", help: "the notebook to write (default: the model's name, .html, in the current folder)" },
      force: { type: "boolean", help: "overwrite the notebook and its weights file if they exist" },
    },
  },
  {
    name: "export-model",
    operands: "NOTEBOOK",
    summary: "write the network that computes a cell as an ONNX model (and its weights as safetensors)",
    details:
      "the inputs are the tensor cells the network reads as data (or --input); every other tensor it reads is a weight\nexit status: 0 written, 1 the notebook failed or the network cannot be exported (the cell and op named), 2 a bad command line or file",
    options: {
      output: { type: "string", value: "CELL", help: "the cell whose value is the model's output (its scores, not the loss)" },
      out: { type: "string", short: "o", value: "MODEL.onnx", help: "the ONNX file to write" },
      safetensors: { type: "string", value: "FILE", help: "also write the weights as a safetensors file" },
      input: { type: "string", multiple: true, value: "CELL", help: "a cell that holds an input of the model (repeatable; default: found from the graph)" },
      trained: { type: "string", value: "CELL", help: "a train cell: write the parameters and buffers of its latest epoch" },
      timeout: TIMEOUT("the notebook's time to settle (default 300)"),
    },
  },
  {
    name: "assign",
    operands: "SOURCE",
    summary: "split an assignment notebook into the student's notebook and the grader's bundle",
    details: "writes OUT/student/NAME.html (solutions stubbed, hidden checks left out) and\nOUT/grader/assignment.json (every check, the given code: what scanbook grade reads)",
    options: {
      out: { type: "string", short: "o", value: "OUT", help: "the folder to write" },
      gradescope: { type: "boolean", help: "also OUT/gradescope/: setup.sh, run_autograder and the bundle, to zip and upload" },
      "no-validate": { type: "boolean", help: "skip grading the source's own solutions (they must score full marks)" },
    },
  },
  {
    name: "grade",
    operands: "ASSIGNMENT SUBMISSION...",
    summary: "grade students' notebooks in sandboxes: results.json each and a class CSV",
    details: "ASSIGNMENT   the grader folder (or its assignment.json) written by scanbook assign\nSUBMISSION   students' notebooks: .html files, or folders holding them (searched through)",
    options: {
      out: { type: "string", short: "o", value: "DIR", help: "where DIR/NAME/results.json (Gradescope's format) and DIR/grades.csv go (default ./graded)" },
      jobs: { type: "string", value: "N", help: "submissions graded at once (default: the number of cores)" },
      timeout: TIMEOUT("time limit of each check (default 10)"),
      "submission-timeout": TIMEOUT("time limit of a whole submission (default 30 + 3 per check, at least twice --timeout)"),
      memory: { type: "string", value: "MB", help: "memory limit of a submission's sandbox (default 512)" },
      seed: { type: "string", value: "N", help: "the random cases' seed (default: drawn now, and written in each result)" },
    },
  },
  {
    name: "golden",
    operands: "FILE",
    summary: "run every case of a golden file (PyTorch's reference values) through the engine",
    details: "ends with `N passed, N failed`; exit status 1 if any failed",
    options: {
      dtype: { type: "string", value: "float32|float64", help: "the engine's precision (default float32)" },
      verbose: { type: "boolean", help: "print every case, not only failures" },
      backend: { type: "string", value: "wasm|js", help: "the WebAssembly kernels (default) or the TypeScript reference" },
    },
  },
  {
    name: "bench",
    operands: "",
    summary: "time the engine against tfjs (cpu and wasm) on the same workloads, as ratios",
    details: "needs the tfjs packages (development dependencies of a checkout)",
    options: {
      json: { type: "boolean", help: "print the rows as JSON" },
      quick: { type: "boolean", help: "one timed run per cell: checks the command works, figures mean little" },
      only: { type: "string", value: "a,b,...", help: "only these workloads (a, b, c, ..., reactive, training, grading, cli)" },
      browser: { type: "boolean", help: "the forward workloads in Chromium's Web Workers instead, ours against tfjs-wasm (needs Chromium)" },
    },
  },
];

export const commandNamed = (name: string): CommandSpec | undefined => COMMANDS.find((c) => c.name === name);
