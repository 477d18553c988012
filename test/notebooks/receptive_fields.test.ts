import { afterAll, describe, expect, it } from "vitest";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("receptive_fields.html");
afterAll(() => globalThis.document?.body.replaceChildren());

type Row = { L: number; rule: number; engine: number };

describe("receptive_fields.html (notebook 6)", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("gives 1 + L(K - 1) for L stacked stride-1 convolutions, for K = 3 and after an edit to K = 5", async () => {
    expect(nb.value<Row[]>("stacked").map((r) => [r.L, r.engine])).toEqual([
      [1, 3],
      [2, 5],
      [3, 7],
      [4, 9],
      [5, 11],
      [6, 13],
    ]);
    nb.kernel.redefine("K", "5");
    await nb.kernel.settled();
    for (const r of nb.value<Row[]>("stacked")) expect(r.engine).toBe(1 + r.L * 4);
  });

  it("grows faster after pooling and a stride: 3, 4 (pool), 4 + 2·2 = 8 (conv, stride so far 2), effective stride 4", () => {
    const fields = nb.value<Array<{ op: string; size: number; stride: number }>>("fields");
    expect(fields.map((f) => [f.op, f.size, f.stride])).toEqual([
      ["input", 1, 1],
      ["conv2d", 3, 1],
      ["relu", 3, 1],
      ["max_pool2d", 4, 2],
      ["conv2d", 8, 4],
      ["relu", 8, 4],
    ]);
  });

  it("gives Distill's example: (3, pad 1, stride 3) then (2, pad 0, stride 1) sees 6 positions from -1", () => {
    expect(nb.value("distillField")).toEqual({ size: 6, start: -1, stride: 3 });
  });

  it("links the maps: focusing a unit of c2 outlines its 8 × 8 patch of the image", () => {
    const figures = (["cell 15", "cell 18"] as const).map((n) => nb.value<HTMLElement>(n));
    for (const f of figures) document.body.append(f);
    const tile = figures[1].querySelector(".map")!;
    tile.dispatchEvent(new window.FocusEvent("focus"));
    tile.dispatchEvent(new window.KeyboardEvent("keydown", { key: "ArrowRight" }));
    // Unit (0, 1) of c2: start 0 + 1·4 = 4, size 8 → columns 4..11, rows 0..7.
    expect(figures[0].querySelector(".map")!.getAttribute("data-highlight")).toBe("0-7,4-11");
  });
});
