import { describe, expect, it } from "vitest";
import { exportNotebook } from "../../app/export/export_notebook.ts";
import { notebookHtml } from "../helpers/notebooks.ts";

/**
 * An SVG one element per line, so that a changed figure shows as a readable diff of the
 * elements that changed (Plot's <style> block is kept as it is).
 */
function onePerLine(svg: string): string {
  const parts = svg.split(/(<style>[\s\S]*?<\/style>)/);
  return `${parts.map((part) => (part.startsWith("<style>") ? part : part.replace(/></g, ">\n<"))).join("")}\n`;
}

describe("a report's figure, kept as an SVG snapshot", () => {
  it("the lecture's 3 × 3 filter over the 5 × 5 binary image: the map as exported", async () => {
    const report = await exportNotebook(
      notebookHtml([
        `import {tensor, conv2d, featureMaps} from "scanbook";`,
        "const image = tensor([[[[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]]]])",
        "const filter = tensor([[[[1, 0, 1], [0, 1, 0], [1, 0, 1]]]])",
        'featureMaps(conv2d(image, {weight: filter}), {title: "map"})',
      ]),
    );
    expect(report.errors).toEqual([]);
    const figure = report.html.match(/<figure[\s\S]*?<\/figure>/)?.[0] ?? "";
    const svg = figure.match(/<svg[\s\S]*?<\/svg>/)?.[0] ?? "";
    expect(svg).toMatch(/^<svg class="plot-/);
    // The 3 × 3 map is nine rects, whatever their colours.
    expect(svg.match(/<rect\b/g)).toHaveLength(9);
    // Standalone, so the snapshot opens as an image.
    const file = svg.includes("xmlns=") ? svg : svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ');
    await expect(onePerLine(file)).toMatchFileSnapshot("__snapshots__/lecture_map.svg");
  });
});
