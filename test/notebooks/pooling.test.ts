import { describe, expect, it } from "vitest";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("pooling.html");

describe("pooling.html (notebook 7)", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("measures jitter: a one-pixel shift changes the edge maps more than their pooled versions, less the larger the pool", () => {
    const j = nb.value<{ edgeMaps: number; maxPool2: number; maxPool4: number; meanPool4: number }>("jitter");
    console.log(
      `pooling.html jitter (relative change after a 1-pixel shift): edge maps ${j.edgeMaps.toFixed(3)}, max pool 2 ${j.maxPool2.toFixed(3)}, max pool 4 ${j.maxPool4.toFixed(3)}, mean pool 4 ${j.meanPool4.toFixed(3)}`,
    );
    expect(j.edgeMaps).toBeGreaterThan(0.5);
    expect(j.maxPool2).toBeLessThan(j.edgeMaps);
    expect(j.maxPool4).toBeLessThan(j.maxPool2);
    expect(j.maxPool4).toBeLessThan(0.6 * j.edgeMaps); // measured: 0.341 against 0.607
  });

  it("shows a stride-2 conv equal to the stride-1 conv downsampled by 2", () => {
    expect(nb.value("strideCheck")).toEqual({ shape: [1, 2, 13, 13], same: true });
  });

  it("keeps all 64 values of an 8 × 8 map with 4 = 2² channels after a stride of 2, and only 16 with one", () => {
    expect(nb.value("information")).toEqual({ values: 64, kept: 64, keptByOneChannel: 16, exact: true });
  });
});
