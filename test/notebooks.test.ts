import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const files = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".html")).sort();

/** `scanbook run NOTEBOOK --json` as a user runs it: a separate process, the engine in a worker thread. */
function run(file: string, timeoutMs: number) {
  const r = spawnSync(process.execPath, [join(root, "bin/scanbook.js"), "run", join(root, "notebooks", file), "--json", "--timeout", String(timeoutMs / 1000)], {
    encoding: "utf8", cwd: root, timeout: timeoutMs + 30_000, maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, report: r.status === 0 || r.status === 1 ? JSON.parse(r.stdout) : null, err: r.stderr };
}

type Report = { cells: Array<{ name: string; status: string; summary: unknown; error: string | null }> };

describe("bundled notebooks", () => {
  it("are all there: the lecture's twelve and the examples", () => {
    expect(files).toEqual(expect.arrayContaining([
      "scanning_for_a_word.html", "scanning_for_a_flower.html", "scanning_mlp_cnn.html", "distributed_scanning.html",
      "convolution_arithmetic.html", "receptive_fields.html", "pooling.html", "time_delay_network.html",
      "backpropagation.html", "shared_parameters.html", "training.html", "digits.html",
      "lenet.html", "lenet_live.html", "playground.html", "scanning.html",
    ]));
  });

  for (const file of files.filter((f) => f !== "digits.html")) {
    it(`scanbook run ${file} exits 0 with every cell ok`, () => {
      const { status, report, err } = run(file, 120_000);
      expect(status, err).toBe(0);
      expect((report as Report).cells.filter((c) => c.status !== "ok")).toEqual([]);
    }, 150_000);
  }

  it("scanbook run digits.html trains the LeNet-size CNN on MNIST to at least 95% held-out accuracy (notebook 12)", () => {
    const started = performance.now();
    const { status, report, err } = run("digits.html", 300_000);
    expect(status, err).toBe(0);
    const cells = (report as Report).cells;
    const accuracy = cells.find((c) => c.name === "heldOutAccuracy")!.summary as number;
    const sentence = cells.find((c) => c.name === "cell 21")!.summary as string;
    console.log(`digits.html: ${sentence} (the whole run: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(sentence).toContain(`${(100 * accuracy).toFixed(1)}%`);
  }, 330_000);
});
