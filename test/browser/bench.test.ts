import { afterEach, describe, expect, it, vi } from "vitest";
import { bench } from "../../cli/bench.ts";

// `bench --browser`'s output contract (never its timings: the machines are noisy).
describe("bench --browser", () => {
  afterEach(() => vi.restoreAllMocks());

  it("times the forward workloads in Chromium's Web Workers, ours with threads and without, against tfjs-wasm, as ratios", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => {
      lines.push(line);
    });
    expect(await bench(["--browser", "--quick", "--json", "--only", "a,c"])).toBe(0);
    expect(lines.some((l) => /^browser: forward passes in Chromium Web Workers \(cross-origin isolated; scanbook: \d thread\(s\), relaxed SIMD \(FMA\); tfjs-wasm: /.test(l))).toBe(true);
    const { browser } = JSON.parse(lines.at(-1)!);
    expect(browser.isolated).toBe(true);
    expect(browser.rows.map((r: { workload: string }) => r.workload)).toEqual(["a", "c"]);
    for (const row of browser.rows) {
      for (const column of ["scanbook-wasm", "scanbook-wasm-1t", "tfjs-wasm"]) expect(row.ms[column], column).toBeGreaterThan(0);
      expect(row.speedup).toBeCloseTo(row.ms["tfjs-wasm"] / row.ms["scanbook-wasm"], 6);
    }
    // Opening notebooks in the app, bundled and from the source modules.
    expect(lines.some((l) => l.startsWith("opening a notebook in the app (Chromium, warm;"))).toBe(true);
    expect(browser.pages.map((r: { served: string; notebook: string }) => `${r.served} ${r.notebook}`)).toEqual([
      "bundled lenet.html",
      "bundled assignment_cnn.html",
      "sources lenet.html",
      "sources assignment_cnn.html",
    ]);
    for (const row of browser.pages) {
      expect(row.openMs).toBeGreaterThan(0);
      expect(row.settledMs).toBeGreaterThanOrEqual(row.openMs);
    }
    // The bundle is what makes the page quick to open: far fewer requests than the modules.
    const requests = (served: string) => browser.pages.find((r: { served: string }) => r.served === served).requests;
    expect(requests("bundled")).toBeLessThan(requests("sources") / 5);
  }, 240_000);

  it("refuses --browser with no convolution workload", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => {
      errors.push(line);
    });
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => errors.push(String(chunk)) > 0);
    expect(await bench(["--browser", "--only", "reactive"])).toBe(2);
    expect(errors.join("")).toMatch(/--browser times the convolution workloads \(a, b, c, d\), not reactive/);
  });
});
