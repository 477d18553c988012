import { describe, expect, it } from "vitest";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("scanning_for_a_flower.html");

describe("scanning_for_a_flower.html (notebook 2)", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("finds the flower exactly in the images that have one, wherever it is", () => {
    const all = nb.value<Array<{ flower: boolean; found: boolean }>>("allImages");
    expect(all.some((i) => i.flower) && all.some((i) => !i.flower)).toBe(true);
    for (const i of all) expect(i.found).toBe(i.flower);
  });

  it("counts the big network: 196 identical copies of a 10-parameter subnet, 10 parameters", () => {
    expect(nb.value("sharing")).toEqual({ positions: 196, parametersIfSeparate: 1960, parameters: 10 });
  });

  it("follows the image slider: the score map of an image with a flower has a high unit", async () => {
    const all = nb.value<Array<{ image: number; flower: boolean }>>("allImages");
    nb.kernel.redefine("which", String(all.find((i) => i.flower)!.image));
    await nb.kernel.settled();
    expect(nb.value("hasFlower")).toBe(true);
    expect(nb.value("found")).toBe(true);
  });
});
