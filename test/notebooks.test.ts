import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../kernel/dataflow/notebook.ts";
import { nodeSpawn } from "../kernel/worker/node_transport.ts";
import { openTest } from "./helpers/notebooks.ts";

const dir = new URL("../notebooks/", import.meta.url);
// digits.html trains for about a minute: it has its own test below rather than a second run here.
const files = readdirSync(dir).filter((f) => f.endsWith(".html") && f !== "digits.html").sort();

const open: NotebookKernel[] = [];
afterEach(() => { while (open.length) open.pop()!.dispose(); });

describe("bundled notebooks", () => {
  it("are there", () => {
    expect(files).toEqual(expect.arrayContaining(["lenet.html", "lenet_live.html", "playground.html", "scanning.html"]));
    expect(readdirSync(dir)).toContain("digits.html");
  });

  for (const file of files) {
    it(`${file} runs headless with every cell ok`, async () => {
      const { kernel } = openTest(readFileSync(new URL(file, dir), "utf8"));
      open.push(kernel);
      await kernel.settled();
      const failed = kernel.cells().filter((c) => c.status !== "ok").map((c) => `${c.name}: ${String(c.error)}`);
      expect(failed).toEqual([]);
      expect(kernel.cells().length).toBeGreaterThan(5);
    });
  }
});

describe("digits.html (notebook 12)", () => {
  it("trains its LeNet-size CNN on MNIST to at least 95% held-out accuracy, every cell ok", async () => {
    // The engine in a worker thread, as `scanbook run` has it: training goes on while the
    // main thread draws the progress and curves.
    const { kernel } = openTest(readFileSync(new URL("digits.html", dir), "utf8"), { spawn: nodeSpawn });
    open.push(kernel);
    const started = performance.now();
    await kernel.settled();
    const seconds = (performance.now() - started) / 1000;
    const failed = kernel.cells().filter((c) => c.status !== "ok").map((c) => `${c.name}: ${String(c.error)}`);
    expect(failed).toEqual([]);
    const accuracy = kernel.cells().find((c) => c.name === "heldOutAccuracy")!.value as number;
    const fit = kernel.cells().find((c) => c.name === "fit")!.value as { status: string; ms: number };
    console.log(`digits.html: held-out accuracy ${(100 * accuracy).toFixed(2)}% after ${(fit.ms / 1000).toFixed(1)} s of training (${seconds.toFixed(1)} s in all)`);
    expect(fit.status).toBe("done");
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    const report = String(kernel.cells().find((c) => c.name === "cell 21")!.value);
    expect(report).toContain(`${(100 * accuracy).toFixed(1)}%`);
  }, 300_000);
});
