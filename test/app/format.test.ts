import { describe, expect, it } from "vitest";
import { statsText } from "../../app/format.ts";

describe("a tensor line's statistics in the page and in reports", () => {
  it("say what the tensor holds: its range and mean, empty, all NaN, or how many are NaN", () => {
    expect(statsText({ min: -1, max: 2, mean: 0.5, nan: 0 }, [2, 2])).toBe("min -1.000 · max 2.000 · mean 0.500");
    expect(statsText({ min: NaN, max: NaN, mean: NaN, nan: 0 }, [0, 3, 8, 8])).toBe("empty");
    expect(statsText({ min: NaN, max: NaN, mean: NaN, nan: 4 }, [2, 2])).toBe("all NaN");
    expect(statsText({ min: 1, max: Infinity, mean: Infinity, nan: 1 }, [4])).toBe("min 1.000 · max Infinity · mean Infinity · 1 NaN");
  });
});
