import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSIGNMENT, reference } from "../../bench/planted_bugs.ts";
import { escape, HOSTILE, slowEverything } from "../fixtures/hostile_submissions.ts";

const root = new URL("../..", import.meta.url).pathname;
const scanbook = join(root, "bin/scanbook.js");

interface Test {
  name: string;
  score: number;
  max_score: number;
  output: string;
  visibility: string;
}
interface Results {
  score: number;
  execution_time: number;
  output: string;
  tests: Test[];
}

/** Every file under a folder, as paths relative to it. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

const work = mkdtempSync(join(tmpdir(), "scanbook-hostile-"));
const graded = join(work, "graded");
let listener: Server;
let connections = 0;
let grade: { status: number | null; out: string; err: string; seconds: number };
let before: string[];
let checks: Array<{ name: string; points: number; hidden: boolean }>;
const results = (folder: string) => JSON.parse(readFileSync(join(graded, folder, "results.json"), "utf8")) as Results;

/** What a submission should score: check title → its score; every other check full marks. */
function expectScores(folder: string, lost: Record<string, number>) {
  const r = results(folder);
  for (const title of Object.keys(lost))
    expect(
      checks.map((c) => c.name),
      `${folder}: ${title}`,
    ).toContain(title);
  expect(Object.fromEntries(r.tests.map((t) => [t.name, t.score]))).toEqual(Object.fromEntries(checks.map((c) => [c.name, lost[c.name] ?? c.points])));
  return r;
}
const zero = () => Object.fromEntries(checks.map((c) => [c.name, 0]));

describe("scanbook grade on a class of hostile submissions, with a bystander", () => {
  beforeAll(async () => {
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const { port } = listener.address() as AddressInfo;
    const assigned = spawnSync(process.execPath, [scanbook, "assign", ASSIGNMENT, "-o", join(work, "assignment"), "--no-validate"], { encoding: "utf8" });
    expect(assigned.status, assigned.stderr).toBe(0);
    checks = JSON.parse(readFileSync(join(work, "assignment/grader/assignment.json"), "utf8")).checks;
    const student = readFileSync(join(work, "assignment/student/assignment_cnn.html"), "utf8");
    const sub = (path: string, html: string) => {
      mkdirSync(join(work, "class", path, ".."), { recursive: true });
      writeFileSync(join(work, "class", path), html);
    };
    sub("bystander.html", reference());
    sub("escape.html", escape(student, port));
    for (const [name, make] of Object.entries(HOSTILE)) sub(`${name}.html`, make(reference()));
    sub("slow_everything.html", slowEverything(student));
    // Names that must not become paths: one that is the class CSV's, dots, duplicates, a formula.
    sub("names/grades.csv.html", reference());
    sub("names/...html", reference());
    sub("dirA/same.html", reference());
    sub("dirB/same.html", reference());
    sub("dirC/same-2.html", reference());
    sub("=1+1.html", reference());
    before = files(work);
    const started = performance.now();
    // Asynchronously, so the listener can count any connection while the grader runs.
    grade = await new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        [scanbook, "grade", "assignment/grader", "class", "-o", "graded", "--jobs", "2", "--timeout", "4", "--memory", "256", "--submission-timeout", "24", "--seed", "7"],
        { cwd: work, env: { ...process.env, INIT_CWD: work } },
      );
      let out = "",
        err = "";
      child.stdout.on("data", (d) => {
        out += d;
      });
      child.stderr.on("data", (d) => {
        err += d;
      });
      child.on("close", (status) => resolve({ status, out, err, seconds: (performance.now() - started) / 1000 }));
    });
  }, 400_000);

  afterAll(() => listener?.close());

  it("completes the batch and writes nothing outside its output folder", () => {
    expect(grade.status, grade.err).toBe(0);
    expect(grade.out).toContain("network: none");
    const after = files(work);
    expect(after.filter((f) => !before.includes(f) && !f.startsWith("graded/"))).toEqual([]);
  });

  it("the bystander and every copy of the reference score 100, whatever the others do", () => {
    for (const folder of ["bystander", "grades.csv_", "submission", "same", "same-2", "same-2-2", "1_1"]) expectScores(folder, {});
  });

  it("gives each file a folder of its own with a safe name, and says which in grades.csv, formulas escaped", () => {
    const csv = readFileSync(join(graded, "grades.csv"), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(",").slice(0, 3).join(","));
    expect(csv).toEqual(
      expect.arrayContaining([
        "grades.csv_,class/names/grades.csv.html,100",
        "submission,class/names/...html,100",
        "same,class/dirA/same.html,100",
        "same-2,class/dirB/same.html,100",
        "same-2-2,class/dirC/same-2.html,100",
      ]),
    );
    expect(csv).toContain("1_1,class/=1+1.html,100");
    const direct = spawnSync(process.execPath, [scanbook, "grade", "../assignment/grader", "=1+1.html", "-o", "direct", "--seed", "7"], {
      cwd: join(work, "class"),
      env: { ...process.env, INIT_CWD: join(work, "class") },
      encoding: "utf8",
    });
    expect(direct.status, direct.stderr).toBe(0);
    expect(readFileSync(join(work, "class/direct/grades.csv"), "utf8")).toContain("\n1_1,'=1+1.html,100,");
  }, 120_000);

  it("no way out of the sandbox: the escape scores 0, nothing connects, the grader lives", () => {
    const r = expectScores("escape", zero());
    // The attack ran (its function returned its dressed-up shape) and was read as plain data.
    expect(r.tests.find((t) => t.name === "downsample1d: forward")!.output).toMatch(/^downsample1d's result\.data should be an array or Float32Array, got an object with keys 0, length/);
    expect(connections).toBe(0);
  });

  it("Array.prototype.toJSON and printing change nothing", () => {
    expectScores("to_json", {});
  });

  it("a microtask that loops after a function returned fails the checks that call it, within their time", () => {
    const r = expectScores("late_microtask", {
      "downsample1d: forward": 0,
      "downsample1d: forward (hidden)": 0,
      "conv1d, any stride: forward": 0,
      "conv1d, any stride: forward (hidden)": 0,
    });
    expect(r.tests.find((t) => t.name === "downsample1d: forward")!.output).toContain("did not finish within 4 s");
  });

  it("300,000 blank lines in a cell cost nothing", () => {
    const r = expectScores("blank_lines", {});
    expect(r.execution_time).toBeLessThan(30);
  });

  it("megabytes printed and thrown stay out of the results: each results.json under 300 KB", () => {
    expectScores("big_output", {
      "conv2d, stride 1: forward": 0,
      "conv2d, stride 1: forward (hidden)": 0,
      "conv2d, any stride: forward": 0,
      "conv2d, any stride: forward (hidden)": 0,
      "small CNN: forward": 0,
      "small CNN: backward": 0,
      "small CNN: forward (hidden)": 0,
      "small CNN: backward (hidden)": 0,
    });
    for (const f of files(graded).filter((f) => f.endsWith("results.json"))) expect(statSync(join(graded, f)).size, f).toBeLessThan(300_000);
  });

  it("values that cannot be printed are said in words", () => {
    const r = expectScores("weird_throws", {
      "max pooling: forward": 0,
      "max pooling: forward (hidden)": 0,
      "mean pooling: forward": 0,
      "mean pooling: forward (hidden)": 0,
      "mean pooling: backward (hidden)": 0,
      "small CNN: forward": 0,
      "small CNN: backward": 0,
      "small CNN: forward (hidden)": 0,
      "small CNN: backward (hidden)": 0,
    });
    const output = (title: string) => r.tests.find((t) => t.name === title)!.output;
    expect(output("max pooling: forward")).toMatch(/^maxPool2d threw a Symbol/);
    expect(output("mean pooling: forward")).toMatch(/^meanPool2d threw an object that cannot be printed/);
    expect(output("mean pooling: backward (hidden)")).toMatch(/^meanPool2dBackward threw an object that cannot be printed/);
  });

  it("what hidden checks print stays inside those hidden checks", () => {
    const r = expectScores("hidden_prints", {});
    expect(r.output).not.toContain("LEAKED");
    const leaking = r.tests.filter((t) => t.output.includes("LEAKED"));
    expect(leaking.length).toBeGreaterThan(0);
    expect(leaking.every((t) => t.visibility === "after_published")).toBe(true);
  });

  it("markup between the cells that a parser takes quadratic time over is never parsed", () => {
    const r = expectScores("tangled_html", {});
    expect(r.execution_time).toBeLessThan(30);
  });

  it("state kept between calls never carries a hidden case into a public check's output", () => {
    const r = expectScores("remembers", {});
    const visible = r.tests.filter((t) => t.visibility === "visible" && t.output.includes("SEEN"));
    expect(visible.length).toBeGreaterThan(0);
    // Public checks run first, in a sandbox no hidden check ran in: the hidden checks' shapes ([3, 2, 17], [4, 2, 5]) never show.
    expect(visible.every((t) => !t.output.includes("[3,2,17]"))).toBe(true);
    expect(r.tests.some((t) => t.visibility === "after_published" && t.output.includes("[3,2,17]"))).toBe(true);
  });

  it("a submission that is slow everywhere is bounded by the submission's time", () => {
    const r = expectScores("slow_everything", zero());
    expect(r.execution_time).toBeLessThan(30);
    expect(r.tests.at(-1)!.output).toContain("the submission ran out of its 24 s");
  });
});
