import { describe, expect, it } from "vitest";
import type { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { NetworkSummary } from "../../cells/summary.ts";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("convolution_arithmetic.html");

describe("convolution_arithmetic.html (notebook 5)", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("scans the lecture's 5 × 5 binary image with its 3 × 3 filter: the lecture's output maps at stride 1 and 2", () => {
    expect(nb.value("mapValues")).toEqual([4, 3, 4, 2, 4, 3, 2, 3, 4]);
    expect(nb.value("stridedValues")).toEqual([4, 4, 2, 4]);
  });

  it("states the output size rule floor((W - K + 2P) / S) + 1 and the engine agrees", () => {
    const sizes = nb.value<Array<{ rule: number; engine: number; W: number; K: number; P: number; S: number }>>("sizes");
    expect(sizes.map((s) => s.rule)).toEqual([3, 2, 5, 3, 32, 24]);
    for (const s of sizes) expect(s.engine).toBe(s.rule);
  });

  it("counts the lecture's layer: 3x32x32, 10 filters 5x5, pad 2 → 10x32x32, 760 parameters, 768,000 multiply-adds", () => {
    expect(nb.value<LayerValue>("layer").shape).toEqual([1, 10, 32, 32]);
    const conv = nb.value<NetworkSummary>("layerSummary").rows.at(-1)!;
    expect([conv.params, conv.macs]).toEqual([760, 768_000]);
    expect(nb.value<LayerValue>("sixFilters").shape).toEqual([1, 6, 28, 28]);
  });

  it("shows a 1 × 1 conv mixing 10 channels into 4 (40 weights) and a dilated filter covering 5 × 5", () => {
    expect(nb.value<LayerValue>("mixed").shape).toEqual([1, 4, 32, 32]);
    expect(nb.value("mixedParams")).toBe(40);
    expect(nb.value("dilatedValue")).toBe(2); // corners 1, 0, 0, 0 and the centre 1
  });
});
