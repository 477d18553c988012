import { afterEach, describe, expect, it, vi } from "vitest";
import { bench } from "../../cli/bench.ts";

// Checks the command's output contract only; timings are never asserted (the machines are noisy).
describe("bench", () => {
  afterEach(() => vi.restoreAllMocks());

  it("--json prints the table, then one JSON object on its last line with every engine side by side", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line);
    });
    expect(await bench(["--json", "--quick", "--only", "a"])).toBe(0);
    expect(lines[1]).toMatch(/^workload\s+pass\s+scanbook-wasm ms\s+scanbook-wasm-1t ms\s+scanbook-js ms\s+tfjs-cpu ms\s+tfjs-wasm ms/);
    const report = JSON.parse(lines.at(-1)!);
    expect(report.engines).toEqual(["scanbook-wasm", "scanbook-wasm-1t", "scanbook-js", "tfjs-cpu", "tfjs-wasm"]);
    expect(report.rows.map((r: { pass: string }) => r.pass)).toEqual(["forward", "grad input", "grad weight"]);
    for (const row of report.rows) {
      expect(row.ms["scanbook-wasm"]).toBeGreaterThan(0);
      expect(row.ms["scanbook-js"]).toBeGreaterThan(0);
      // The printed ms are rounded to 0.001 and the speed-up (from unrounded times) to 0.01:
      // the ratio of the printed times agrees up to what that rounding can move it.
      const ours = row.ms["scanbook-wasm"];
      const fromPrinted = row.ms["tfjs-cpu"] / ours;
      const slack = fromPrinted * (0.0005 / ours + 0.0005 / row.ms["tfjs-cpu"]) + 0.005;
      expect(Math.abs(row.speedup["tfjs-cpu"] - fromPrinted)).toBeLessThanOrEqual(slack);
    }
    // tfjs-wasm has no filter-gradient kernel: reported as missing, not as a number
    expect(report.rows[2].ms["tfjs-wasm"]).toBeNull();
    // The ceiling is measured in the run (relaxed-SIMD multiply-adds on registers), and each
    // row says what share of it the kernels reach: their GFLOP/s over the ceiling of the cores used.
    expect(lines.some((l) => /^ceiling: \d+\.\d GFLOP\/s per core, measured now \(WebAssembly SIMD fused multiply-add/.test(l))).toBe(true);
    expect(report.ceiling.gflopsPerCore).toBeGreaterThan(0);
    expect(report.ceiling.fusedMultiplyAdd).toBe(true);
    for (const row of report.rows) {
      expect(row.ceilingShare.oneThread).toBeCloseTo(row.gflops["scanbook-wasm-1t"] / report.ceiling.gflopsPerCore, 2);
      expect(row.ceilingShare.threads).toBeCloseTo(row.gflops["scanbook-wasm"] / (report.ceiling.gflopsPerCore * report.ceiling.threads), 2);
    }
  });

  it("--only reactive times edits of the LeNet notebook against re-running it, as ratios", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line);
    });
    expect(await bench(["--json", "--quick", "--only", "reactive"])).toBe(0);
    expect(lines.some((l) => /^reactive: LeNet notebook/.test(l))).toBe(true);
    const report = JSON.parse(lines.at(-1)!);
    expect(report.rows).toEqual([]);
    expect(report.reactive.rows.map((r: { edit: string }) => r.edit)).toEqual(["conv1 weight", "last linear weight"]);
    for (const row of report.reactive.rows) {
      expect(row.medianMs).toBeGreaterThan(0);
      expect(row.p95Ms).toBeGreaterThanOrEqual(row.medianMs);
      expect(row.ratio).toBeCloseTo(row.medianMs / row.fullMedianMs, 6);
    }
  }, 60_000);

  it("--only training times a training step of the digits network (quick: no notebook run)", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line);
    });
    expect(await bench(["--json", "--quick", "--only", "training"])).toBe(0);
    expect(lines.some((l) => /^training: LeNet-size digits network/.test(l))).toBe(true);
    const report = JSON.parse(lines.at(-1)!);
    expect(report.rows).toEqual([]);
    expect(report.reactive.rows).toEqual([]);
    expect(report.training.stepMs).toBeGreaterThan(0);
    expect(report.training.digitsPerSecond).toBeCloseTo(32000 / report.training.stepMs, 6);
    expect(report.training.notebook).toBeNull();
  }, 60_000);

  it("--only grading grades a class of the sample assignment serially and in parallel, as a ratio", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line);
    });
    expect(await bench(["--json", "--quick", "--only", "grading"])).toBe(0);
    expect(lines.some((l) => /^grading: 6 submissions of the sample assignment \(33 checks each\)/.test(l))).toBe(true);
    const { grading } = JSON.parse(lines.at(-1)!);
    expect(grading.rows[0].jobs).toBe(1);
    expect(grading.speedup).toBeCloseTo(grading.rows[0].seconds / grading.rows.at(-1).seconds, 6);
    // The class mixes the reference (100) with the untouched notebook (0) and planted bugs: its mean is in between.
    expect(grading.meanScore).toBeGreaterThan(0);
    expect(grading.meanScore).toBeLessThan(100);
  }, 120_000);

  it("rejects an unknown option or workload with exit status 2", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await bench(["--fast"])).toBe(2);
    expect(await bench(["--only", "z"])).toBe(2);
  });
});

describe("where the time goes", () => {
  it("times the parts of one thread's forward pass of a workload: copies, layout and kernel", async () => {
    const { forwardBreakdown } = await import("../../bench/breakdown.ts");
    const { workloads } = await import("../../bench/workloads.ts");
    const { wasmReady } = await import("../../kernel/tensor/wasm/module.ts");
    expect(await wasmReady).toBeDefined();
    const b = forwardBreakdown(workloads.find((w) => w.id === "c")!)!;
    expect(b.workload).toBe("c");
    for (const part of [b.copies, b.layout, b.kernel]) expect(part).toBeGreaterThan(0);
  });
});
