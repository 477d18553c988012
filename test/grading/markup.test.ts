import { describe, expect, it } from "vitest";
import { cellRole, stripSolutions } from "../../kernel/grading/markup.ts";

describe("cellRole", () => {
  it("reads each marker", () => {
    expect(cellRole("// @exercise conv1d\nfunction conv1d() {}")).toEqual({ role: "exercise", name: "conv1d" });
    expect(cellRole("// @given\nconst a = 1")).toEqual({ role: "given" });
    expect(cellRole("// @check\ncheck()")).toEqual({ role: "check", hidden: false, points: 1 });
    expect(cellRole("  // @check hidden points=2.5\ncheck()")).toEqual({ role: "check", hidden: true, points: 2.5 });
    expect(cellRole("// @instructor")).toEqual({ role: "instructor" });
    expect(cellRole("const x = 1 // not a marker @exercise")).toEqual({ role: "plain" });
  });

  it("reads a marker anywhere in the cell, on a line of its own, in time linear in the cell's length", () => {
    expect(cellRole(`${"\n".repeat(300_000)}  // @exercise late\r\n`)).toEqual({ role: "exercise", name: "late" });
    expect(cellRole("const a = b // @exercise not_a_marker")).toEqual({ role: "plain" });
    // Blank lines and lines full of "@": a quadratic reader takes minutes here, a linear one milliseconds.
    expect(cellRole("\n".repeat(500_000) + "@\n".repeat(200_000))).toEqual({ role: "plain" });
  }, 5_000);

  it("throws on a malformed marker, quoting it", () => {
    expect(() => cellRole("// @exercise\nf()")).toThrow('"// @exercise": an exercise needs a name');
    expect(() => cellRole("// @check secret")).toThrow('unknown word "secret" (a check line takes "hidden" and "points=N")');
    expect(() => cellRole("// @given conv1d")).toThrow("@given takes nothing after it");
  });
});

describe("stripSolutions", () => {
  it("replaces each region by a stub that names the function it is in", () => {
    const source = ["// @exercise relu", "function relu(x) {", "  // BEGIN SOLUTION", "  return x.map((v) => Math.max(v, 0));", "  // END SOLUTION", "}"].join("\n");
    expect(stripSolutions(source, "relu")).toBe(["// @exercise relu", "function relu(x) {", "  // YOUR CODE HERE", '  throw new Error("relu: not implemented yet");', "}"].join("\n"));
  });

  it("uses the region's STUB lines when it has them, at the region's indentation", () => {
    const source = "function f() {\n    // BEGIN SOLUTION\n    // STUB: return 0;\n    return 42;\n    // END SOLUTION\n}";
    expect(stripSolutions(source, "f")).toBe("function f() {\n    // YOUR CODE HERE\n    return 0;\n}");
  });

  it("leaves a top-level region (helpers) empty, so the cell still defines its other functions", () => {
    expect(stripSolutions("// BEGIN SOLUTION\nfunction helper() {}\n// END SOLUTION\nfunction f() {}", "e")).toBe("// YOUR CODE HERE\nfunction f() {}");
  });

  it("throws on a region left open, closed twice or nested, with the line", () => {
    expect(() => stripSolutions("// BEGIN SOLUTION\nx", "e")).toThrow("exercise e: the solution region opened on line 1 is never closed");
    expect(() => stripSolutions("x\n// END SOLUTION", "e")).toThrow("exercise e, line 2: END SOLUTION without BEGIN SOLUTION");
    expect(() => stripSolutions("// BEGIN SOLUTION\n// BEGIN SOLUTION", "e")).toThrow("line 2: BEGIN SOLUTION inside another solution region");
  });
});
