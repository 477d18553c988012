import { describe, expect, it } from "vitest";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("shared_parameters.html");

type Check = { sum: number; engine: number; positions: number };

describe("shared_parameters.html (notebook 10)", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("adds the contributions of every copy of a shared weight into the gradient the engine reports", () => {
    const c = nb.value<Check>("check");
    expect(c.positions).toBe(9); // (20 - 4) / 2 + 1 copies
    expect(c.sum).toBeCloseTo(c.engine, 5);
  });

  it("agrees with central finite differences, for every tap of the filter", async () => {
    for (const tap of [0, 1, 2, 3]) {
      nb.kernel.redefine("tap", String(tap));
      await nb.kernel.settled();
      const c = nb.value<Check>("check");
      const fd = nb.value<number>("finiteDifference");
      // float32 losses differenced over h = 0.01: agreement to about 1e-3 of the gradient's size
      expect(Math.abs(fd - c.engine)).toBeLessThan(2e-3 * Math.max(1, Math.abs(c.engine)));
      expect(c.sum).toBeCloseTo(c.engine, 5);
    }
  });

  it("does the same in 2-D over 100 positions", () => {
    const figure = nb.value<HTMLElement>("contributions2d");
    expect(Number(figure.dataset.sum)).toBeCloseTo(Number(figure.dataset.engine), 5);
    expect(figure.querySelector("figcaption")!.textContent).toMatch(/^w\[0, 0, 0, 0\] is used at 100 positions/);
  });
});
