import { describe, expect, it } from "vitest";
import { channelMaps, filterMaps, mapColors } from "../../../cells/views/maps.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("channelMaps", () => {
  it("splits one sample of [N, C, H, W] into C row-major maps with their extents", () => {
    const t = tensor(range(2 * 3 * 2 * 2), [2, 3, 2, 2]);
    const maps = channelMaps(t, 1);
    expect(maps).toHaveLength(3);
    expect(maps[2]).toMatchObject({ channel: 2, rows: 2, cols: 2, min: 20, max: 23 });
    expect(Array.from(maps[2].values)).toEqual([20, 21, 22, 23]);
  });

  it("makes 1-D maps one row high, and [N, F] one map of F features", () => {
    expect(channelMaps(tensor(range(12), [1, 3, 4])).map((m) => [m.rows, m.cols])).toEqual([
      [1, 4],
      [1, 4],
      [1, 4],
    ]);
    const flat = channelMaps(tensor(range(10), [2, 5]), 1);
    expect(flat).toHaveLength(1);
    expect(Array.from(flat[0].values)).toEqual([5, 6, 7, 8, 9]);
  });

  it("throws on a rank it cannot draw and on a sample outside the batch", () => {
    expect(() => channelMaps(tensor(range(4), [4]))).toThrow("featureMaps: expected a tensor [N, C, H, W], [N, C, L] or [N, F], got [4]");
    expect(() => channelMaps(tensor(range(8), [2, 1, 2, 2]), 2)).toThrow("featureMaps: sample 2 is not in the batch of 2");
  });
});

describe("filterMaps", () => {
  it("gives one kH × kW map per (output, input) channel pair", () => {
    const maps = filterMaps(tensor(range(2 * 3 * 2 * 2), [2, 3, 2, 2]));
    expect(maps.map((m) => [m.out, m.in])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(Array.from(maps[4].values)).toEqual([16, 17, 18, 19]);
  });

  it("gives a 1-D weight one map per filter, input channels as rows and taps as columns", () => {
    const maps = filterMaps(tensor(range(2 * 3 * 4), [2, 3, 4]));
    expect(maps.map((m) => [m.out, m.rows, m.cols])).toEqual([
      [0, 3, 4],
      [1, 3, 4],
    ]);
    expect(Array.from(maps[1].values)).toEqual(range(24).slice(12));
  });

  it("throws on a tensor that is not a conv weight", () => {
    expect(() => filterMaps(tensor(range(6), [2, 3]))).toThrow("filters: expected a conv weight [Cout, Cin, kH, kW] or [Cout, Cin, K], got [2, 3]");
  });
});

describe("mapColors", () => {
  const maps = channelMaps(tensor([-1, 0, 2, 0, 0, 0.5, 0.5, 1], [1, 2, 2, 2]));
  it("is diverging and symmetric around 0 when any value is negative, one domain when shared", () => {
    expect(mapColors(maps)).toEqual([
      { type: "diverging", scheme: "BuRd", domain: [-2, 2] },
      { type: "diverging", scheme: "BuRd", domain: [-2, 2] },
    ]);
  });
  it("gives each map its own domain when not shared, and a sequential scale for non-negative values", () => {
    expect(mapColors(maps, { shared: false, signed: false })).toEqual([
      { type: "linear", scheme: "Viridis", domain: [-1, 2] },
      { type: "linear", scheme: "Viridis", domain: [0, 1] },
    ]);
  });
  it("widens a constant map's domain so it can be drawn", () => {
    expect(mapColors(channelMaps(tensor([3, 3], [1, 1, 2])))[0].domain).toEqual([3, 4]);
  });
});
