import { describe, expect, it } from "vitest";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("distributed_scanning.html");

describe("distributed_scanning.html (notebook 4)", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("counts 1-D weights as 8DN1 + N1N2 + N2N3 against 2DN1 + 4N1N2 + N2N3 (D = 24, N = 8, 16, 4)", () => {
    const c = nb.value<{ plain: number; plainFormula: number; distributed: number; distributedFormula: number; windows: number[] }>("counts1d");
    expect([c.plain, c.plainFormula]).toEqual([1728, 1728]);
    expect([c.distributed, c.distributedFormula]).toEqual([960, 960]);
    expect(c.windows).toEqual([61, 61]); // the same windows, every 2 steps
  });

  it("follows D: the engine's counts match the formulas for another number of features", async () => {
    nb.kernel.redefine("D", "40");
    await nb.kernel.settled();
    const c = nb.value<{ plain: number; plainFormula: number; distributed: number; distributedFormula: number }>("counts1d");
    expect(c.plain).toBe(8 * 40 * 8 + 8 * 16 + 16 * 4);
    expect(c.plain).toBe(c.plainFormula);
    expect(c.distributed).toBe(2 * 40 * 8 + 4 * 8 * 16 + 16 * 4);
    expect(c.distributed).toBe(c.distributedFormula);
    nb.kernel.redefine("D", "24");
    await nb.kernel.settled();
  });

  it("shares computation: the distributed scan needs fewer multiply-adds for the same windows", () => {
    const m = nb.value<{ plain: number; distributed: number }>("macs1d");
    expect(m.plain).toBe(61 * (8 * 24 * 8 + 8 * 16 + 16 * 4));
    expect(m.distributed).toBe(64 * 2 * 24 * 8 + 61 * (4 * 8 * 16 + 16 * 4));
    expect(m.distributed).toBeLessThan(m.plain);
  });

  it("gives the lecture's 2-D counts: 1034 weights undistributed, 194 with K0 = K1 = 4", () => {
    const c = nb.value<{ plain: number; distributed: number; maps: number[][] }>("counts2d");
    expect([c.plain, c.distributed]).toEqual([1034, 194]);
    expect(c.maps[0]).toEqual(c.maps[1]); // the same output map
  });
});
