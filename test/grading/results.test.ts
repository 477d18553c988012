import { describe, expect, it } from "vitest";
import { resultFolders } from "../../kernel/grading/node/result_folders.ts";
import { classCsv, csvField, gradescopeResults, type Graded } from "../../kernel/grading/results.ts";
import type { CheckResult } from "../../kernel/grading/run_check.ts";

const check = (over: Partial<CheckResult>): CheckResult => ({
  name: "c",
  function: "f",
  hidden: false,
  points: 1,
  score: 1,
  passed: true,
  cases: 1,
  parts: [],
  message: "passed",
  ...over,
});

describe("resultFolders", () => {
  it("makes each file's folder name safe and unique, ignoring case", () => {
    expect(resultFolders(["/a/same.html", "/b/same.html", "/c/same-2.html", "/d/SAME.html", "/e/grades.csv.html", "/f/...html", "/g/../x/é t*/?.html", "/h/=1+1.HTML", "/i/.hidden.html"])).toEqual([
      "same",
      "same-2",
      "same-2-2",
      "SAME-3",
      "grades.csv_",
      "submission",
      "submission-2",
      "1_1",
      "hidden",
    ]);
  });
});

describe("csvField", () => {
  it("quotes what needs quoting and defuses formulas", () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(["+1", "-1", "@SUM(A1)", "\tx"].map(csvField)).toEqual(["'+1", "'-1", "'@SUM(A1)", "'\tx"]);
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField(-0.5)).toBe("-0.5");
  });
});

describe("gradescopeResults", () => {
  const graded: Graded = {
    name: "s",
    file: "s.html",
    notes: [],
    log: ["defined"],
    seconds: 1,
    results: [check({ name: "visible", log: ["seen now"] }), check({ name: "hidden", hidden: true, passed: false, score: 0, message: "x\u0000".repeat(50_000), log: ["secret input"] })],
  };
  it("keeps what a check printed in that check, hidden with it; caps every text", () => {
    const r = gradescopeResults(graded, 1);
    expect(r.output).not.toContain("secret");
    expect(r.output).toContain("defined");
    expect(r.tests[0].output).toContain("seen now");
    expect(r.tests[1]).toMatchObject({ visibility: "after_published" });
    expect(r.tests[1].output).toContain("secret input");
    expect(r.tests[1].output).not.toContain("\u0000");
    // Lone surrogates, which JSON writes six bytes each, become U+FFFD.
    const lone = gradescopeResults({ ...graded, results: [check({ log: ["\uDC00".repeat(200)], message: "\uD800".repeat(2000) })] }, 1);
    expect(JSON.stringify(lone).length).toBeLessThan(12_000);
    expect(r.tests[1].output.length).toBeLessThan(4100);
    expect(classCsv([graded]).split("\n")[1].length).toBeLessThan(11_000);
  });
});
