import { describe, expect, it } from "vitest";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("scanning_mlp_cnn.html");

describe("scanning_mlp_cnn.html (notebook 3)", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("gives the same output map from the window-by-window MLP and from its CNN", () => {
    const c = nb.value<{ mlpShape: number[]; cnnShape: number[]; windows: number; largestDifference: number }>("comparison");
    expect(c.mlpShape).toEqual([19, 1]); // (40 - 4) / 2 + 1 windows
    expect(c.cnnShape).toEqual([1, 1, 19]);
    expect(c.largestDifference).toBeLessThan(1e-5);
  });

  it("draws W1 before and after the rearrangement", () => {
    expect(nb.value<HTMLElement>("cell 15").querySelector("figcaption")!.textContent).toContain("W1: 6 neurons");
    expect(nb.value<HTMLElement>("cell 16").querySelectorAll(".map")).toHaveLength(6 * 8);
  });
});
