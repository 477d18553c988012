import { describe, expect, it } from "vitest";
import { scoresOf } from "../../../cells/views/charts.ts";

describe("scoresOf", () => {
  it("labels one sample's class scores, by index or by the labels given", () => {
    expect(scoresOf([0.1, 0.9, 0.3, 0.7], [2, 2], 1)).toEqual([{ label: "0", value: 0.3 }, { label: "1", value: 0.7 }]);
    expect(scoresOf([0.2, 0.8], [1, 2], 0, ["no", "yes"]).map((s) => s.label)).toEqual(["no", "yes"]);
  });
  it("throws on a shape that is not [N, classes] and on a wrong number of labels", () => {
    expect(() => scoresOf([1, 2], [2])).toThrow("scoreBars: expected scores [N, classes], got [2]");
    expect(() => scoresOf([1, 2], [1, 2], 0, ["a"])).toThrow("scoreBars: 1 labels for 2 classes");
  });
});
