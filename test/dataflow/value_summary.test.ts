import { describe, expect, it } from "vitest";
import { formatSummary, tensorSummary, type TensorSummary } from "../../kernel/dataflow/value_summary.ts";
import { tensorStats } from "../../kernel/tensor/stats.ts";

/** The summary a headless run prints and writes as JSON, from the data the worker holds. */
const summaryOf = (shape: number[], values: number[]) => tensorSummary(shape, tensorStats(Float32Array.from(values)));

describe("a tensor's summary", () => {
  it("reads as before for ordinary values", () => {
    const s = summaryOf([2, 2], [1, -2, 4, 1.5]);
    expect(s).toEqual({ shape: [2, 2], min: -2, max: 4, mean: 1.125, nan: 0 });
    expect(formatSummary(s)).toBe("tensor [2, 2] min -2 max 4 mean 1.125");
  });

  it("says an empty tensor is empty", () => {
    const s = summaryOf([0, 3, 8, 8], []);
    expect(s).toEqual({ shape: [0, 3, 8, 8], min: null, max: null, mean: null, nan: 0 });
    expect(formatSummary(s)).toBe("tensor [0, 3, 8, 8] empty");
  });

  it("says an all-NaN tensor is all NaN", () => {
    const s = summaryOf([2, 2], [NaN, NaN, NaN, NaN]);
    expect(s).toEqual({ shape: [2, 2], min: null, max: null, mean: null, nan: 4 });
    expect(formatSummary(s)).toBe("tensor [2, 2] all NaN");
    expect(formatSummary(summaryOf([], [NaN]))).toBe("tensor [] all NaN");
  });

  it("describes the other values of a tensor with some NaN, and counts the NaN", () => {
    const s = summaryOf([5], [NaN, 3, NaN, -1, NaN]);
    expect(s).toEqual({ shape: [5], min: -1, max: 3, mean: 1, nan: 3 });
    expect(formatSummary(s)).toBe("tensor [5] min -1 max 3 mean 1 (3 NaN)");
  });

  it("writes infinities so that JSON keeps them, and the line says them", () => {
    const s = summaryOf([4], [-Infinity, 0, Infinity, NaN]);
    expect(s).toEqual({ shape: [4], min: "-Infinity", max: "Infinity", mean: "NaN", nan: 1 });
    expect(formatSummary(s)).toBe("tensor [4] min -Infinity max Infinity mean NaN (1 NaN)");
    expect(formatSummary(summaryOf([2], [1, Infinity]))).toBe("tensor [2] min 1 max Infinity mean Infinity");
  });

  it("survives a JSON round trip unchanged (JSON.stringify would turn NaN and Infinity into null)", () => {
    expect(JSON.stringify(Infinity)).toBe("null");
    for (const s of [summaryOf([0, 3], []), summaryOf([2], [NaN, NaN]), summaryOf([3], [1, Infinity, NaN]), summaryOf([2], [0.5, 2])]) {
      const back = JSON.parse(JSON.stringify(s)) as TensorSummary;
      expect(back).toEqual(s);
      expect(formatSummary(back)).toBe(formatSummary(s));
    }
  });

  it("takes the worker's statistics with or without a NaN count (the client leaves out a count of 0)", () => {
    expect(tensorSummary([2], { min: 1, max: 2, mean: 1.5 })).toEqual({ shape: [2], min: 1, max: 2, mean: 1.5, nan: 0 });
    expect(formatSummary(tensorSummary([0], { min: Infinity, max: -Infinity, mean: NaN }))).toBe("tensor [0] empty");
  });

  it("prints non-integers to four significant digits, as before", () => {
    expect(formatSummary(summaryOf([3], [1 / 3, 2 / 3, 1]))).toBe("tensor [3] min 0.3333 max 1 mean 0.6667");
  });
});
