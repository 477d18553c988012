import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../kernel/dataflow/notebook.ts";
import { openTest } from "./helpers/notebooks.ts";

const dir = new URL("../notebooks/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".html")).sort();

const open: NotebookKernel[] = [];
afterEach(() => { while (open.length) open.pop()!.dispose(); });

describe("bundled notebooks", () => {
  it("are there", () => {
    expect(files).toEqual(expect.arrayContaining(["lenet.html", "lenet_live.html", "playground.html", "scanning.html"]));
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
