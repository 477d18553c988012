import { describe, expect, it } from "vitest";
import { scoresOf } from "../../../cells/views/charts.ts";
import { notebookHtml, openTest } from "../../helpers/notebooks.ts";

describe("scoresOf", () => {
  it("labels one sample's class scores, by index or by the labels given", () => {
    expect(scoresOf([0.1, 0.9, 0.3, 0.7], [2, 2], 1)).toEqual([
      { label: "0", value: 0.3 },
      { label: "1", value: 0.7 },
    ]);
    expect(scoresOf([0.2, 0.8], [1, 2], 0, ["no", "yes"]).map((s) => s.label)).toEqual(["no", "yes"]);
  });
  it("throws on a shape that is not [N, classes] and on a wrong number of labels", () => {
    expect(() => scoresOf([1, 2], [2])).toThrow("scoreBars: expected scores [N, classes], got [2]");
    expect(() => scoresOf([1, 2], [1, 2], 0, ["a"])).toThrow("scoreBars: 1 labels for 2 classes");
  });
});

describe("lossCurve", () => {
  it("grows as training yields: a cell drawing the records of a generator cell redraws with each record", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {lossCurve} from "scanbook";`,
        // A stand-in for training: five records, one per yield, the loss falling.
        "const records = (function* () { const r = []; for (let step = 1; step <= 5; step++) { r.push({step, loss: 1 / step}); yield [...r]; } })()",
        "const curve = lossCurve(records)",
      ]),
    );
    try {
      await kernel.settled();
      const curve = kernel.cells().find((c) => c.name === "curve")!;
      expect(curve.status).toBe("ok");
      expect(kernel.stats().curve.runs).toBe(5);
      const figure = curve.value as HTMLElement;
      expect(figure.querySelector("figcaption")!.textContent).toBe("loss over 5 steps");
      expect(figure.querySelector("g[aria-label=line] path")!.getAttribute("d")!.split(/[ML]/).filter(Boolean)).toHaveLength(5);
    } finally {
      kernel.dispose();
    }
  });
});
