import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../../../kernel/dataflow/notebook.ts";
import type { NetworkSummary } from "../../../cells/summary.ts";
import { summaryCells, summaryTable, SUMMARY_COLUMNS } from "../../../cells/views/summary_table.ts";
import { notebookHtml, openTest } from "../../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

describe("summaryTable", () => {
  it("lists the lecture's layer: 3x32x32, 10 filters 5x5, pad 2 → 10x32x32, 760 parameters, 768,000 multiply-adds", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {randn, zeros, conv2d, summary, summaryTable} from "scanbook";`,
        "const x = randn([1, 3, 32, 32], {seed: 1})",
        "const conv = conv2d(x, {weight: randn([10, 3, 5, 5], {seed: 2}), bias: zeros([10]), padding: 2})",
        "const s = summary(conv)",
        "const table = summaryTable(s)",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const s = kernel.cells().find((c) => c.name === "s")!.value as NetworkSummary;
    expect(summaryCells(s.rows)).toEqual([
      ["x", "input", "[1, 3, 32, 32]", "0", "0", "1 × 1", "1 × 1"],
      ["conv", "conv2d", "[1, 10, 32, 32]", "760", "768,000", "5 × 5", "1 × 1"],
    ]);
    const table = kernel.cells().find((c) => c.name === "table")!.value as HTMLElement;
    expect([...table.querySelectorAll("thead th")].map((th) => th.textContent)).toEqual(SUMMARY_COLUMNS);
    expect(table.querySelector("tfoot")!.textContent).toContain("768,000");
    expect(table.querySelector("figcaption")!.textContent).toBe("2 layers, 760 parameters, 768,000 multiply-adds");
  });

  it("throws when given something other than a summary", () => {
    expect(() => summaryTable({} as NetworkSummary)).toThrow("summaryTable: expected the value of summary(...)");
  });
});
