import { describe, expect, it } from "vitest";
import { tensorStats } from "../../kernel/tensor/stats.ts";
import type { Response } from "../../kernel/worker/protocol.ts";
import { tensor, zeros } from "../../kernel/tensor/tensor.ts";
import { harness } from "../helpers/handler_harness.ts";

describe("tensorStats", () => {
  it("gives min, max and mean of ordinary values, with no NaN", () => {
    expect(tensorStats(Float32Array.of(1, -2, 4))).toEqual({ min: -2, max: 4, mean: 1, nan: 0 });
  });

  it("has nothing to say of an empty tensor: NaN statistics, no NaN counted", () => {
    const s = tensorStats(new Float32Array(0));
    expect(s.nan).toBe(0);
    expect([s.min, s.max, s.mean].every(Number.isNaN)).toBe(true);
  });

  it("counts NaN apart and describes the other values", () => {
    expect(tensorStats(Float64Array.of(NaN, 3, NaN, -1, NaN))).toEqual({ min: -1, max: 3, mean: 1, nan: 3 });
  });

  it("has nothing to say of the values of an all-NaN tensor but how many there are", () => {
    const s = tensorStats(Float32Array.of(NaN, NaN, NaN, NaN));
    expect(s.nan).toBe(4);
    expect([s.min, s.max, s.mean].every(Number.isNaN)).toBe(true);
  });

  it("keeps infinities, which are values: the mean is infinite, or NaN with both signs", () => {
    expect(tensorStats(Float32Array.of(1, Infinity))).toEqual({ min: 1, max: Infinity, mean: Infinity, nan: 0 });
    const both = tensorStats(Float32Array.of(-Infinity, 0, Infinity));
    expect([both.min, both.max, both.nan]).toEqual([-Infinity, Infinity, 0]);
    expect(both.mean).toBeNaN();
  });

  it("keeps the mean of huge finite values finite", () => {
    expect(tensorStats(Float64Array.of(1.5e308, 1.5e308)).mean).toBe(1.5e308);
  });

  it("is what the worker answers to a stats request", () => {
    const h = harness();
    h.upload(1, tensor([NaN, 2, 4, NaN], [2, 2]));
    h.upload(2, zeros([0, 3]));
    h.send({ type: "stats", job: 10, id: 1 });
    h.send({ type: "stats", job: 11, id: 2 });
    h.pump();
    expect(h.response(10)).toMatchObject({ type: "stats", min: 2, max: 4, mean: 3, nan: 2 });
    const empty = h.response(11) as Extract<Response, { type: "stats" }>;
    expect(empty).toMatchObject({ type: "stats", nan: 0 });
    expect(empty.min).toBeNaN();
  });
});
