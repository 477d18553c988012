import { formatShape } from "../../kernel/tensor/tensor.ts";
import { fieldSize, NetworkSummary, opWithMode, type SummaryRow } from "../summary.ts";
import { element, figure } from "./figure.ts";

/** The table's cells as text, one array per layer (the data step; tested). */
export function summaryCells(rows: readonly SummaryRow[]): string[][] {
  return rows.map((r) => [
    r.name,
    opWithMode(r),
    formatShape(r.shape),
    r.params.toLocaleString("en-US"),
    r.macs.toLocaleString("en-US"),
    r.receptiveField ? r.receptiveField.map((f) => fieldSize(f.size)).join(" × ") : "whole input",
    r.receptiveField ? r.receptiveField.map((f) => Number(f.stride.toPrecision(3))).join(" × ") : "—",
  ]);
}

export const SUMMARY_COLUMNS = ["layer", "op", "output", "parameters", "multiply-adds", "receptive field", "effective stride"];

/**
 * A network summary as a table: per layer its output shape, parameters, multiply-adds,
 * receptive field and effective stride (from shapes alone), with totals.
 */
export function summaryTable(summary: NetworkSummary): HTMLElement {
  if (!(summary instanceof NetworkSummary)) throw new Error("summaryTable: expected the value of summary(...)");
  const count = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}`;
  // Numbers grouped as the table's total row groups them.
  const caption = [count(summary.rows.length, summary.rows.length === 1 ? "layer" : "layers"), count(summary.params, "parameters"), count(summary.macs, "multiply-adds")].join(", ");
  const { figure: root, body } = figure("summary-table", caption, "network summary");
  const table = body.appendChild(element("table", {}, { borderCollapse: "collapse", font: "12px/1.5 ui-monospace, monospace" }));
  // Rows stay whole (no "[1, 16,\n 8, 8]"): a table wider than the column scrolls in its figure.
  const cellStyle = { padding: "2px 10px 2px 0", textAlign: "right", borderBottom: "1px solid var(--rule, #e3e6ea)", whiteSpace: "nowrap" };
  const head = table.createTHead().insertRow();
  for (const c of SUMMARY_COLUMNS) Object.assign(head.appendChild(element("th", { scope: "col" }, cellStyle)), { textContent: c });
  const tbody = table.createTBody();
  for (const cells of summaryCells(summary.rows)) {
    const row = tbody.insertRow();
    cells.forEach((text, i) => {
      const td = row.appendChild(element(i === 0 ? "th" : "td", i === 0 ? { scope: "row" } : {}, { ...cellStyle, textAlign: i < 2 ? "left" : "right" }));
      td.textContent = text;
    });
  }
  const foot = table.createTFoot().insertRow();
  ["total", "", "", summary.params.toLocaleString("en-US"), summary.macs.toLocaleString("en-US"), "", ""].forEach((text, i) => {
    Object.assign(foot.appendChild(element("td", {}, { ...cellStyle, textAlign: i < 2 ? "left" : "right", fontWeight: "600" })), { textContent: text });
  });
  return root;
}
