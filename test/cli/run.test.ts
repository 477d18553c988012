import { availableParallelism } from "node:os";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IMPORTS, notebookHtml } from "../helpers/notebooks.ts";

const root = new URL("../..", import.meta.url).pathname;
const lenet = join(root, "notebooks/lenet.html");

/** The CLI as a user runs it: a separate process through the package's bin. */
function scanbook(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, "bin/scanbook.js"), "run", ...args], { encoding: "utf8", cwd: root, timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function tempNotebook(cells: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "scanbook-run-")), "nb.html");
  writeFileSync(file, notebookHtml(cells));
  return file;
}

describe("scanbook run", () => {
  it("prints every cell with its status and a tensor's shape, min, max and mean", () => {
    const { status, out } = scanbook(lenet);
    expect(status).toBe(0);
    expect(out).toMatch(/^conv1 +ok +tensor \[1, 6, 24, 24\] min -?\d[\d.e-]* max \d[\d.e-]* mean -?\d[\d.e-]*$/m);
    expect(out).toMatch(/^loss +ok +tensor \[\] min /m);
    expect(out).toMatch(/^cell 21 +ok +14 layers, 44426 parameters, 281640 multiply-adds$/m);
  }, 60_000);

  it("after --edit lists what ran again, in --json as one object", () => {
    const { status, out } = scanbook(lenet, "--edit", "w2=randn([16, 6, 5, 5], {seed: 9, std: 0.05})", "--json");
    expect(status).toBe(0);
    const report = JSON.parse(out);
    expect(report.recomputed).toEqual(["w2", "conv2", "pool2", "fc1", "fc2", "logits", "loss", "dw1", "dconv2", "cell 21"]);
    const conv2 = report.cells.find((c: { name: string }) => c.name === "conv2");
    expect(conv2).toMatchObject({ status: "ok", error: null, summary: { shape: [1, 16, 8, 8] } });
    expect(conv2.summary.min).toBeLessThanOrEqual(conv2.summary.mean);
    expect(report.stats.conv2.runs).toBe(2);
    // What computed it: the WebAssembly kernels, with a kernel thread per other core.
    expect(report.engine).toMatchObject({ backend: "wasm", threads: Math.max(1, availableParallelism()) });
    expect(report.engine.memoryBytes).toBeGreaterThan(0);
    expect(report.stats.x.runs).toBe(1);
  }, 60_000);

  it("exits 1 when a cell ends in an error, showing where it started", () => {
    const file = tempNotebook([IMPORTS, "const x = randn([1, 3, 8, 8])", "const w = randn([4, 2, 3, 3])", "const y = conv2d(x, {weight: w})", "const z = relu(y)"]);
    const { status, out } = scanbook(file);
    expect(status).toBe(1);
    expect(out).toMatch(/^y +error +conv2d "y": expected input \[N, 2, H, W\]/m);
    expect(out).toMatch(/^z +error +\(waits on y\) conv2d "y": /m);
  }, 60_000);

  it("exits with its report when a cell is still busy at --timeout", () => {
    const file = tempNotebook([IMPORTS, "const quick = 1 + 1", "const slow = new Promise((resolve) => setTimeout(() => resolve(1), 600_000))"]);
    const { status, out } = scanbook(file, "--timeout", "1");
    // Before, the process printed its report and then spun forever on the disposed runtime (killed here at 60 s: status null).
    expect(status).toBe(1);
    expect(out).toMatch(/^quick +ok +2/m);
    expect(out).toMatch(/^slow +error +did not settle within 1 s/m);
  }, 90_000);

  it("exits 2 for a bad command line, a missing file, a file that is not a notebook, or an unknown cell", () => {
    expect(scanbook().status).toBe(2);
    expect(scanbook(lenet, "--frobnicate").status).toBe(2);
    expect(scanbook(join(root, "no-such.html")).status).toBe(2);
    expect(scanbook(join(root, "package.json")).status).toBe(2);
    const unknown = scanbook(lenet, "--edit", "nope=1");
    expect(unknown.status).toBe(2);
    expect(unknown.err).toMatch(/no cell named "nope"/);
    expect(scanbook(lenet, "--edit", "w1").status).toBe(2);
    // An edit that is not one expression would silently make the cell undefined.
    for (const [edit, said] of [
      ["w2=", /expected one expression after "w2=", got nothing/],
      ["w2=1; 2", /expected one expression after "w2=", got more after "1"/],
      ["w2=const q = 1", /expected one expression/],
    ] as const) {
      const refused = scanbook(lenet, "--edit", edit);
      expect(refused.status, edit).toBe(2);
      expect(refused.err, edit).toMatch(said);
    }
    // A whole expression in parentheses is one expression.
    const parenthesized = scanbook(lenet, "--edit", "w2=(randn([16, 6, 5, 5], {seed: 9}))");
    expect(parenthesized.status, parenthesized.err).toBe(0);
    // A timeout past what a timer can wait would fire at once.
    const tooLong = scanbook(lenet, "--timeout", "10000000");
    expect(tooLong.status).toBe(2);
    expect(tooLong.err).toMatch(/--timeout 10000000 is more than the 2147483 s a timer can wait/);
    expect(scanbook(lenet, "--timeout", "0").status).toBe(2);
    expect(scanbook(lenet, "--tensor-budget", "lots").status).toBe(2);
  }, 60_000);

  it("stops a runaway loop at the timeout in its own cell, refuses a tensor past the budget, and says what a cell threw; the other cells compute", () => {
    const file = tempNotebook([
      IMPORTS,
      "const fine = randn([2, 3]).shape",
      "const big = randn([32768, 65536])",
      "const small = zeros([2, 2])",
      "throw 42",
      `const typo = randn([2], {sede: 1})`,
      "let turns = 0;\nwhile (true) {\n  turns++;\n}",
    ]);
    const { status, out } = scanbook(file, "--timeout", "4");
    expect(status).toBe(1);
    expect(out).toMatch(/^fine +ok +array\(2\) \[2,3\]$/m);
    expect(out).toMatch(/^turns +error +loop still running at the 4 s timeout \(line 2\); is it infinite\?$/m);
    expect(out).toMatch(/^big +error +randn "big": \[32768, 65536\] needs 8.6 GB, more than the engine's [\d.]+ [GM]B budget for one tensor$/m);
    expect(out).toMatch(/^small +ok +tensor \[2, 2\] /m);
    expect(out).toMatch(/^cell 5 +error +cell 5 threw 42$/m);
    expect(out).toMatch(/^typo +error +randn "typo": unknown option sede \(it takes seed, mean, std\)$/m);
    // The budget is the command's to set.
    const tight = scanbook(tempNotebook([IMPORTS, "const fine = randn([2, 3]).shape"]), "--tensor-budget", "0.00000001");
    expect(tight.out).toMatch(/^fine +error +randn "fine": \[2, 3\] needs 24 bytes, more than the engine's 10 bytes budget for one tensor$/m);
  }, 60_000);

  it("a cell that keeps the main thread busy where no loop is guarded (a backtracking regular expression) is stopped by the watchdog, and the run reports", () => {
    const file = tempNotebook([IMPORTS, `const stuck = /(a+)+$/.test("a".repeat(60) + "!")`]);
    const { status, out } = scanbook(file, "--timeout", "1");
    // Without the watchdog the process never ends (killed here at 60 s: status null).
    expect(status).toBe(1);
    expect(out).toMatch(/^stuck +error +did not settle within 1 s: it kept the main thread busy until the watchdog stopped it$/m);
  }, 90_000);
});
