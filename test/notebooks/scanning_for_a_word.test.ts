import { describe, expect, it } from "vitest";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("scanning_for_a_word.html");

type Shift = { patternAt: number | null; bestWindow: number; best: number; word: boolean };

describe("scanning_for_a_word.html (notebook 1)", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("finds the word in the bundled recording (early: frame 16), and where", () => {
    expect(nb.value("where")).toMatchObject({ frame: 16 });
  });

  it("is shift invariant: the best window follows the word, the decision stays; without the word it says no", () => {
    const shifts = nb.value<Shift[]>("shifts");
    const withWord = shifts.filter((s) => s.patternAt !== null);
    for (const s of withWord) {
      expect(s.bestWindow).toBe(s.patternAt);
      expect(s.word).toBe(true);
    }
    const bests = withWord.map((s) => s.best);
    expect(Math.max(...bests) - Math.min(...bests)).toBeLessThan(0.05 * Math.max(...bests)); // the same match, wherever
    const none = shifts.find((s) => s.patternAt === null)!;
    expect(none.word).toBe(false);
    expect(none.best).toBeLessThan(0.2 * Math.min(...bests));
  });
});
