import { describe, expect, it } from "vitest";
import type { Cell, Notebook } from "@observablehq/notebook-kit";
import { buildAssignment } from "../../kernel/grading/assignment.ts";
import { submissionProgram } from "../../kernel/grading/submission.ts";

const cell = (id: number, value: string, mode: Cell["mode"] = "js") => ({ id, value, mode, pinned: false }) as Cell;
const notebook = (...values: string[]): Notebook => ({ title: "t", theme: "air", readOnly: false, cells: values.map((v, i) => cell(i + 1, v)) }) as Notebook;

const EXERCISE = "// @exercise down\nfunction downsample1d(x, k) {\n  // BEGIN SOLUTION\n  return x;\n  // END SOLUTION\n}";
const PUBLIC = '// @check points=2\ncheck("public", downsample1d, {random: 3})';
const HIDDEN = '// @check hidden points=3\ncheck("hidden one", downsample1d, {configs: [{batch: 1, channels: 1, width: 13, factor: 5}], random: 2})';

describe("buildAssignment", () => {
  it("keeps public checks and stubs exercises in the student's notebook; the bundle has every check", () => {
    const { student, bundle } = buildAssignment(notebook('import {check} from "scanbook"', EXERCISE, PUBLIC, HIDDEN, "// @instructor\nconst key = 1"));
    expect(student.cells.map((c) => c.value)).toEqual([
      'import {check} from "scanbook"',
      '// @exercise down\nfunction downsample1d(x, k) {\n  // YOUR CODE HERE\n  throw new Error("downsample1d: not implemented yet");\n}',
      PUBLIC,
    ]);
    expect(bundle.checks.map((c) => [c.name, c.function, c.kind, c.points, c.hidden])).toEqual([
      ["public", "downsample1d", "downsample1d", 2, false],
      ["hidden one", "downsample1d", "downsample1d", 3, true],
    ]);
    expect(bundle.exercises).toEqual([{ name: "down", functions: ["downsample1d"] }]);
    expect(JSON.stringify(student)).not.toContain("width: 13");
  });

  it("refuses markup that would leak or check nothing, naming the cell", () => {
    expect(() => buildAssignment(notebook(EXERCISE, 'check("x", downsample1d, {random: 1})'))).toThrow("cell 2 calls check but has no // @check line (is it public or hidden?)");
    expect(() => buildAssignment(notebook(EXERCISE, '// @check\ncheck("x", conv1d, {random: 1})'))).toThrow('check "x" tests conv1d, which no exercise defines');
    expect(() => buildAssignment(notebook("// @exercise down\nfunction downsample1d() {}"))).toThrow("cell 1: exercise down has no // BEGIN SOLUTION ... // END SOLUTION region");
    expect(() => buildAssignment(notebook(EXERCISE, EXERCISE))).toThrow("cell 2: exercise down is defined twice");
    expect(() => buildAssignment(notebook(EXERCISE, PUBLIC, PUBLIC))).toThrow('two checks are called "public"');
    expect(() => buildAssignment(notebook(EXERCISE, '// @check\ncheck("x", downsample1d, {random: 1}); check("y", downsample1d, {random: 1})'))).toThrow(
      "cell 2: a check cell calls check once (it calls it 2 times)",
    );
    expect(() => buildAssignment(notebook("const a = 1"))).toThrow("no exercise: mark the cells students write with // @exercise NAME");
  });
});

describe("submissionProgram", () => {
  const { bundle } = buildAssignment(notebook("// @given\nfunction helper() { return 1 }", EXERCISE, PUBLIC));

  it("takes the exercises by name wherever they are and the assignment's given cells, noting what changed", () => {
    const submitted = notebook("const mine = 2", EXERCISE.replace("return x;", "return helper() && x;"), "// @given\nfunction helper() { return 0 }");
    const { program, notes } = submissionProgram(bundle, submitted);
    expect(program.map((c) => c.label)).toEqual(["given cell 1", "exercise down"]);
    expect(program[0].body).toContain("return 1");
    expect(program[1].body).toContain("helper() && x");
    expect(notes).toEqual(["2 of the assignment's other cells were changed or deleted; the grader used the assignment's own"]);
  });

  it("a missing exercise still names the functions it should define", () => {
    const { program, notes } = submissionProgram(bundle, notebook("const nothing = 0"));
    expect(program[1]).toMatchObject({ label: "exercise down", outputs: ["downsample1d"], error: "exercise down is missing from the submission (no cell starts with // @exercise down)" });
    expect(notes[0]).toBe("exercise down is missing (no cell starts with // @exercise down)");
  });
});
