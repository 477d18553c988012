import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ASSIGNMENT, PLANTED, reference } from "../../bench/planted_bugs.ts";

const root = new URL("../..", import.meta.url).pathname;

function scanbook(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, "bin/scanbook.js"), ...args], { encoding: "utf8", cwd: root, timeout: 600_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

interface Test {
  name: string;
  score: number;
  max_score: number;
  status: string;
  output: string;
  visibility: string;
}
interface Results {
  score: number;
  output: string;
  tests: Test[];
}

const work = mkdtempSync(join(tmpdir(), "scanbook-grade-"));
const out = join(work, "assignment"),
  graded = join(work, "graded"),
  submissions = join(work, "submissions");
const results = (name: string) => JSON.parse(readFileSync(join(graded, name, "results.json"), "utf8")) as Results;
let bundleChecks: Array<{ name: string; points: number; hidden: boolean }>;
let gradeRun: ReturnType<typeof scanbook>;

/** What a planted bug should cost: check title → its score; every other check full marks. */
function expectScores(name: string, lost: Record<string, number>) {
  const r = results(name);
  for (const title of Object.keys(lost))
    expect(
      bundleChecks.map((c) => c.name),
      `${name}: ${title}`,
    ).toContain(title);
  const scores = Object.fromEntries(r.tests.map((t) => [t.name, t.score]));
  const expected = Object.fromEntries(bundleChecks.map((c) => [c.name, lost[c.name] ?? c.points]));
  expect(scores).toEqual(expected);
  const total = Object.values(expected).reduce((s, v) => s + v, 0);
  expect(r.score).toBeCloseTo(total, 2);
  return r;
}

const test = (r: Results, title: string) => r.tests.find((t) => t.name === title)!;

describe("scanbook assign and scanbook grade on the sample assignment", () => {
  beforeAll(() => {
    const assigned = scanbook("assign", ASSIGNMENT, "-o", out);
    expect(assigned.status, assigned.err).toBe(0);
    bundleChecks = JSON.parse(readFileSync(join(out, "grader/assignment.json"), "utf8")).checks;
    mkdirSync(submissions);
    writeFileSync(join(submissions, "reference.html"), reference());
    writeFileSync(join(submissions, "untouched.html"), readFileSync(join(out, "student/assignment_cnn.html"), "utf8"));
    writeFileSync(join(submissions, "not_a_notebook.html"), "<p>my homework</p>");
    for (const [name, plant] of Object.entries(PLANTED)) writeFileSync(join(submissions, `${name}.html`), plant(reference()));
    gradeRun = scanbook("grade", join(out, "grader"), submissions, "-o", graded, "--jobs", "2", "--timeout", "4", "--memory", "256", "--seed", "20261122");
  }, 300_000);

  it("assign writes a student notebook with no solution, no hidden check and nothing to read hidden cases from", () => {
    const student = readFileSync(join(out, "student/assignment_cnn.html"), "utf8");
    const source = reference();
    expect(source).toContain("BEGIN SOLUTION");
    expect(student).not.toMatch(/BEGIN SOLUTION|END SOLUTION/);
    expect(student).not.toContain("sum += weight.data[(o * C + c) * K + k]");
    expect(student).toContain('throw new Error("conv1dStride1Backward: not implemented yet");');
    expect(student).not.toMatch(/@check hidden|\(hidden\)/);
    // The hidden checks' own configurations appear nowhere in the student's file.
    expect(source).toContain("{batch: 3, inChannels: 2, outChannels: 4, width: 17, kernel: 5}");
    expect(student).not.toContain("width: 17, kernel: 5");
    expect(bundleChecks.filter((c) => c.hidden).length).toBe(20);
    expect(bundleChecks.reduce((s, c) => s + c.points, 0)).toBe(100);
  });

  it("the student's notebook runs with every cell ok: each public check shows its failure as feedback, not as an error", () => {
    const run = scanbook("run", join(out, "student/assignment_cnn.html"), "--json");
    expect(run.status, run.err).toBe(0);
    const cells = (JSON.parse(run.out) as { cells: Array<{ status: string; summary: string }> }).cells;
    expect(cells.filter((c) => c.status !== "ok")).toEqual([]);
    const checks = cells.filter((c) => /<figure> element: [✓✗]/.test(c.summary));
    expect(checks).toHaveLength(13);
    // (Summaries are cut at 120 characters: the stub's own message is past that in the longer titles.)
    expect(checks.every((c) => /: ✗ .* threw: /.test(c.summary))).toBe(true);
  });

  it("grades the whole batch and writes a results.json per submission and the class CSV", () => {
    expect(gradeRun.status, gradeRun.err).toBe(0);
    const csv = readFileSync(join(graded, "grades.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(1 + 3 + Object.keys(PLANTED).length);
    expect(csv[0].startsWith("submission,file,total,max,")).toBe(true);
    expect(csv.find((l) => l.startsWith("reference,"))).toMatch(/^reference,\S*submissions\/reference\.html,100,100,/);
  });

  it("the reference solution scores 100 and the untouched student notebook 0, with the stub's message", () => {
    expectScores("reference", {});
    const untouched = expectScores("untouched", Object.fromEntries(bundleChecks.map((c) => [c.name, 0])));
    expect(test(untouched, "conv1d, stride 1: forward").output).toContain("conv1dStride1 threw: conv1dStride1: not implemented yet");
  });

  it("a file that is not a notebook loses every check with the reason, and the batch goes on", () => {
    const r = expectScores("not_a_notebook", Object.fromEntries(bundleChecks.map((c) => [c.name, 0])));
    expect(r.tests[0].output).toContain("could not be read: not a notebook");
  });

  it("the kernel not flipped in the input gradient: gradInput wrong in every check that uses it, and named", () => {
    const r = expectScores("unflipped", {
      "conv1d, stride 1: backward": 1.333333,
      "conv1d, stride 1: backward (hidden)": 2,
      "conv1d, any stride: backward (hidden)": 2,
    });
    expect(test(r, "conv1d, stride 1: backward").output).toContain("NOT flipped");
  });

  it("the batch gradient averaged: gradWeight and gradBias of conv2d and of the small CNN's conv, and named", () => {
    const r = expectScores("averaged", {
      "conv2d, stride 1: backward": 0.666667,
      "conv2d, stride 1: backward (hidden)": 1,
      "conv2d, any stride: backward (hidden)": 1.333333,
      "small CNN: backward": 2.5,
      "small CNN: backward (hidden)": 5,
    });
    expect(test(r, "conv2d, stride 1: backward").output).toMatch(/SUM over the batch/);
  });

  it("the downsampled width rounded down: shape first, with the rule, and the smallest failing case", () => {
    const r = expectScores("floor", {
      "downsample1d: forward": 0,
      "downsample1d: forward (hidden)": 0,
      "conv1d, any stride: forward": 0,
      "conv1d, any stride: forward (hidden)": 0,
    });
    const down = test(r, "downsample1d: forward").output;
    expect(down).toMatch(/^your output is \[2, 3, 3\], expected \[2, 3, 4\]: check ceil\(W \/ k\) \(batch 2, channels 3, width 11, factor 3\)/);
    expect(down).toContain("smallest failing configuration: batch 1, channels 1, width 1, factor 2: your output is [1, 1, 0], expected [1, 1, 1]");
    expect(down).toContain("rounded down");
  });

  it("the window flattened in the wrong order: the first conv weight and the map, and named", () => {
    const r = expectScores("window_order", {
      "scanning MLP to CNN: 24 features x 128 steps": 2.5,
      "scanning MLP to CNN (hidden)": 2.5,
      "distributed scanning MLP to CNN: 24 features x 128 steps": 0,
      "distributed scanning MLP to CNN (hidden)": 0,
    });
    expect(test(r, "scanning MLP to CNN: 24 features x 128 steps").output).toContain("flattened in the wrong order");
  });

  it("an infinite loop loses the checks that call it, each after the time limit", () => {
    const r = expectScores("infinite_loop", {
      "max pooling: forward": 0,
      "max pooling: forward (hidden)": 0,
      "small CNN: forward": 0,
      "small CNN: backward": 0,
      "small CNN: forward (hidden)": 0,
      "small CNN: backward (hidden)": 0,
    });
    expect(test(r, "max pooling: forward").output).toContain("maxPool2d did not finish within 4 s");
  });

  it("a throw loses the checks that call it, with the error", () => {
    const r = expectScores("throws", {
      "conv2d, stride 1: forward": 0,
      "conv2d, stride 1: forward (hidden)": 0,
      "conv2d, any stride: forward": 0,
      "conv2d, any stride: forward (hidden)": 0,
      "small CNN: forward": 0,
      "small CNN: backward": 0,
      "small CNN: forward (hidden)": 0,
      "small CNN: backward (hidden)": 0,
    });
    expect(test(r, "conv2d, stride 1: forward").output).toContain("conv2dStride1 threw: RangeError: index 12 out of range");
  });

  it("a memory hog (typed arrays, then the heap) loses only its own checks", () => {
    const r = expectScores("memory_hog", { "mean pooling: forward": 0, "mean pooling: forward (hidden)": 0, "mean pooling: backward (hidden)": 0 });
    expect(test(r, "mean pooling: forward").output).toMatch(/allocation failed|out of memory/i);
    // Typed arrays meet the address-space limit at once on any machine (above). A heap of small
    // objects meets V8's heap limit only after full collections whose time depends on the
    // machine and its load: the check is lost either way, by the memory or by the time limit.
    expect(test(r, "mean pooling: backward (hidden)").output).toMatch(/ran out of memory \(the limit is 256 MB\)|did not finish within 4 s/);
  });

  it("printing does not cost anything; the first lines are kept in the output of the check they were printed in", () => {
    const r = expectScores("noise", {});
    const printedIn = r.tests.filter((t) => t.output.includes("Printed during this check"));
    expect(printedIn.length).toBeGreaterThan(0);
    expect(printedIn.every((t) => t.output.split("\n").filter((l) => l.includes("debug")).length <= 21)).toBe(true);
    expect(r.output).not.toContain("debug");
  });

  it("changed, added and moved cells do not matter: the exercises are found by name, the assignment's given code is used", () => {
    const r = expectScores("changed_cells", {});
    expect(r.output).toContain("of the assignment's other cells were changed or deleted");
  });

  it("hidden checks say what failed but never the expected numbers", () => {
    const r = results("unflipped");
    const hidden = test(r, "conv1d, stride 1: backward (hidden)");
    expect(hidden.visibility).toBe("after_published");
    expect(hidden.output).toMatch(/^gradInput differs from the reference/);
    expect(hidden.output).not.toMatch(/expected -?\d/);
    expect(test(r, "conv1d, stride 1: backward").output).toMatch(/expected -?\d/);
  });
});

describe("scanbook assign --gradescope", () => {
  it("writes an autograder whose run_autograder grades a submission laid out as Gradescope lays it out", () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-gradescope-"));
    const assigned = scanbook("assign", ASSIGNMENT, "-o", join(dir, "out"), "--gradescope", "--no-validate");
    expect(assigned.status, assigned.err).toBe(0);
    const autograder = join(dir, "out/gradescope");
    expect(spawnSync("bash", ["-n", join(autograder, "setup.sh")]).status).toBe(0);
    const packed = spawnSync("sh", ["-c", `tar -tzf ${autograder}/scanbook-*.tgz`], { encoding: "utf8" }).stdout;
    expect(packed).toContain("package/bin/scanbook.js");
    expect(packed).toContain("package/dist/sandbox/sandbox.mjs");
    expect(packed).not.toContain("package/kernel/grading/node/child.ts"); // the package carries JavaScript, not its sources
    // /autograder as Gradescope makes it: source/ (the zip), submission/ (the student's upload), results/.
    const root = join(dir, "autograder");
    mkdirSync(join(root, "source"), { recursive: true });
    mkdirSync(join(root, "submission/nested"), { recursive: true });
    writeFileSync(join(root, "source/assignment.json"), readFileSync(join(autograder, "assignment.json")));
    writeFileSync(join(root, "submission/nested/my notebook.html"), PLANTED.averaged(reference()));
    writeFileSync(join(root, "submission/notes.txt"), "see the notebook");
    // This repository stands in for the package setup.sh unpacks and installs.
    const repository = new URL("../..", import.meta.url).pathname;
    const run = spawnSync("bash", [join(autograder, "run_autograder")], {
      encoding: "utf8",
      env: { ...process.env, AUTOGRADER_ROOT: root, SCANBOOK_HOME: repository },
      timeout: 300_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(join(root, "results/results.json"), "utf8")) as Results;
    expect(result.score).toBeCloseTo(100 - (2 - 0.666667) - (3 - 1) - (4 - 1.333333) - (5 - 2.5) - (10 - 5), 2);
    expect(result.tests).toHaveLength(33);
    expect(result.tests.every((t) => ["passed", "failed"].includes(t.status) && t.max_score > 0)).toBe(true);
  }, 300_000);

  it("run_autograder with no notebook in the submission writes a zero with the reason", () => {
    const root = mkdtempSync(join(tmpdir(), "scanbook-gradescope-empty-"));
    mkdirSync(join(root, "submission"));
    const dir = mkdtempSync(join(tmpdir(), "scanbook-gradescope-files-"));
    expect(scanbook("assign", ASSIGNMENT, "-o", dir, "--gradescope", "--no-validate").status).toBe(0);
    expect(spawnSync("bash", [join(dir, "gradescope/run_autograder")], { env: { ...process.env, AUTOGRADER_ROOT: root } }).status).toBe(0);
    expect(JSON.parse(readFileSync(join(root, "results/results.json"), "utf8"))).toEqual({
      score: 0,
      output: "No assignment notebook found in the submission: upload the .html file of the notebook.",
    });
  }, 120_000);
});

describe("scanbook assign: bad input", () => {
  it("refuses solutions that fail their own checks (exit 1, naming the check)", () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-assign-"));
    const broken = join(dir, "broken.html");
    writeFileSync(broken, PLANTED.floor(reference()));
    const r = scanbook("assign", broken, "-o", join(dir, "out"));
    expect(r.status).toBe(1);
    expect(r.err).toContain('check "downsample1d: forward"');
  });

  it("a bad command line is exit 2 with the usage", () => {
    expect(scanbook("assign", ASSIGNMENT).status).toBe(2);
    expect(scanbook("grade", join(out, "grader")).err).toContain("no submission given");
    expect(scanbook("grade", join(work, "nowhere"), ASSIGNMENT).status).toBe(2);
  });
});
