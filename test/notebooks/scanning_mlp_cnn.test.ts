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
    // One tile per conv1d filter: its 8 input channels down, its 4 steps across.
    const tiles = [...nb.value<HTMLElement>("cell 16").querySelectorAll(".map")];
    expect(tiles).toHaveLength(6);
    expect(tiles[0].getAttribute("aria-label")).toMatch(/^filter 0: 8 × 4, /);
  });
});
