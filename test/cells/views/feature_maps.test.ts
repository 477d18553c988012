import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../../../kernel/dataflow/notebook.ts";
import { notebookHtml, openTest } from "../../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
  document.body.replaceChildren();
});

async function figures(sources: string[]): Promise<Record<string, HTMLElement>> {
  const { kernel } = openTest(notebookHtml([`import {tensor, randn, zeros, mul, conv2d, conv1d, grad, mse, featureMaps, gradientMaps, filters, scoreBars, softmax} from "scanbook";`, ...sources]));
  open.push(kernel);
  await kernel.settled();
  const failed = kernel.cells().filter((c) => c.status !== "ok");
  expect(failed.map((c) => `${c.name}: ${String(c.error)}`)).toEqual([]);
  const out: Record<string, HTMLElement> = {};
  for (const c of kernel.cells())
    if (c.value instanceof window.HTMLElement) {
      out[c.name] = c.value;
      document.body.append(c.value);
    }
  return out;
}

const key = (el: Element, key: string) => el.dispatchEvent(new window.KeyboardEvent("keydown", { key, bubbles: true }));

describe("the maps of the new ops' outputs (issue 17)", () => {
  it("draw a residual block, a cat of branches, a resized and group-normalised map, and the gradient through them", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {randn, conv2d, relu, add, cat, mean, mul, grad, groupNorm, interpolate, featureMaps, gradientMaps} from "scanbook";`,
        "const x = randn([1, 2, 6, 6], {seed: 1})",
        "const w = randn([2, 2, 3, 3], {seed: 2})",
        "const block = relu(add(conv2d(x, {weight: w, padding: 1}), x))",
        `const normed = groupNorm(interpolate(cat([block, x], 1), {scaleFactor: 2}), {numGroups: 2})`,
        "const loss = mean(mul(normed, normed))",
        "const dw = grad(loss, w)",
        "const fBlock = featureMaps(block)",
        "const fNormed = featureMaps(normed)",
        "const gW = gradientMaps(dw)",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const failed = kernel.cells().filter((c) => c.status !== "ok");
    expect(failed.map((c) => `${c.name}: ${String(c.error)}`)).toEqual([]);
    const figure = (name: string) => kernel.cells().find((c) => c.name === name)!.value as HTMLElement;
    expect(figure("fBlock").querySelectorAll(".map")).toHaveLength(2);
    expect(figure("fBlock").querySelector("figcaption")!.textContent).toBe("block · relu · [1, 2, 6, 6] · shared scale");
    expect(figure("fNormed").querySelectorAll(".map")).toHaveLength(4);
    expect(figure("fNormed").querySelector("figcaption")!.textContent).toBe("normed · group_norm · [1, 4, 12, 12] · shared scale");
    expect(figure("gW").querySelectorAll(".map")).toHaveLength(2);
  });
});

describe("featureMaps", () => {
  it("draws one labelled, focusable map per channel, a legend, and an SVG per map (no canvas headless)", async () => {
    const f = await figures(["const x = randn([1, 1, 8, 8], {seed: 1})", "const y = conv2d(x, {weight: randn([3, 1, 3, 3], {seed: 2}), stride: 2})", "const fy = featureMaps(y)"]);
    const tiles = [...f.fy.querySelectorAll(".map")];
    expect(tiles).toHaveLength(3);
    expect(tiles[0].getAttribute("tabindex")).toBe("0");
    expect(tiles[0].getAttribute("aria-label")).toMatch(/^ch 0: 3 × 3, from -?\d/);
    expect(f.fy.querySelector("figcaption")!.textContent).toBe("y · conv2d · [1, 3, 3, 3] · shared scale");
    expect(tiles[0].querySelectorAll("svg rect").length).toBe(9);
  });

  it("labels a constant map's legend with its value, and tiny or huge ranges in exponent form", async () => {
    const f = await figures(["const flat = featureMaps(zeros([1, 2, 4, 4]))", "const tiny = featureMaps(mul(randn([1, 1, 4, 4], {seed: 3}), 1e-18))"]);
    const ticks = (figure: HTMLElement) => [...figure.querySelectorAll("svg [aria-label='x-axis tick label'] text")].map((t) => t.textContent);
    const axisLabel = (figure: HTMLElement) => figure.querySelector("svg [aria-label='x-axis label']")!.textContent;
    expect(ticks(f.flat)).toEqual(["0"]);
    expect(axisLabel(f.flat)).toMatch(/every value 0/);
    const small = ticks(f.tiny);
    expect(small.length).toBeGreaterThan(1);
    for (const t of small) expect(t, small.join(" ")).toMatch(/^(0|[−-]?\d\.\de[−-]18)$/);
  });

  it("leaves room after the longest score bar for the value it prints", async () => {
    const f = await figures(["const bars = scoreBars(softmax(tensor([[0.2, 1.5, -0.3]])))"]);
    const svg = f.bars.querySelector("svg")!;
    const width = Number(svg.getAttribute("width"));
    const labels = [...svg.querySelectorAll("[aria-label='text'] text")];
    expect(labels.map((t) => t.textContent)).toContain("0.695");
    // Plot places each label at its bar's end (x) with dx 4: the longest ends 48 px before the edge, room for "0.695".
    const ends = labels.map((t) => Number((t.getAttribute("transform") ?? t.getAttribute("x") ?? "").match(/[\d.]+/)![0]));
    expect(width - Math.max(...ends)).toBeGreaterThanOrEqual(40);
  });

  it("moving the keyboard focus over a unit outlines its window in the maps of earlier layers", async () => {
    const f = await figures([
      "const x = randn([1, 1, 8, 8], {seed: 1})",
      "const y = conv2d(x, {weight: randn([3, 1, 3, 3], {seed: 2}), stride: 2})",
      "const fx = featureMaps(x)",
      "const fy = featureMaps(y)",
    ]);
    const tile = f.fy.querySelector(".map")!;
    tile.dispatchEvent(new window.FocusEvent("focus"));
    expect(f.fx.querySelector(".map")!.getAttribute("data-highlight")).toBe("0-2,0-2");
    key(tile, "ArrowRight");
    key(tile, "ArrowDown");
    expect(f.fx.querySelector(".map")!.getAttribute("data-highlight")).toBe("2-4,2-4");
    expect(f.fy.querySelectorAll(".map")[1].getAttribute("data-highlight")).toBe("1-1,1-1");
    expect(f.fy.querySelector(".readout")!.textContent).toMatch(/^ch 0 \(1, 1\): -?\d/);
    key(tile, "Escape");
    expect(f.fx.querySelector(".map")!.hasAttribute("data-highlight")).toBe(false);
  });

  it("draws 1-D maps as strips or lines, and gradients on a diverging scale named after the loss", async () => {
    const f = await figures([
      "const s = randn([1, 2, 16], {seed: 1})",
      "const h = conv1d(s, {weight: randn([2, 2, 3], {seed: 2})})",
      "const strips = featureMaps(h)",
      "const lines = featureMaps(h, {kind: 'line'})",
      "const loss = mse(h, tensor(new Array(28).fill(0), [1, 2, 14]))",
      "const g = gradientMaps(grad(loss, h))",
      "const w = filters(randn([2, 3, 3, 3], {seed: 4}))",
    ]);
    expect(f.strips.querySelectorAll(".map svg rect")).toHaveLength(28);
    expect(f.lines.querySelectorAll(".map path").length).toBeGreaterThanOrEqual(2);
    // The gradient is made in the figure's own cell, so it goes by that cell's name.
    expect(f.g.querySelector("figcaption")!.textContent).toBe("g · ∂loss/∂h · [1, 2, 14] · shared scale");
    expect(f.w.querySelectorAll(".filter-row")).toHaveLength(2);
    expect(f.w.querySelectorAll(".map")).toHaveLength(6);
  });

  it("titles each figure with what the notebook wrote: the cell's name, the op, the shape; ∂loss/∂w1 for an unnamed gradient", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {randn, zeros, conv2d, relu, flatten, softmax, grad, mse, featureMaps, gradientMaps, filters, scoreBars} from "scanbook";`,
        "const x = randn([1, 1, 6, 6], {seed: 1})",
        "const w1 = randn([3, 1, 3, 3], {seed: 2})",
        "const conv1 = conv2d(x, {weight: w1})",
        "const loss = mse(conv1, zeros([1, 3, 4, 4]))",
        "const dw = grad(loss, w1)",
        "featureMaps(conv1)",
        "gradientMaps(grad(loss, conv1))",
        "filters(grad(loss, w1))",
        "filters(dw)",
        "featureMaps(relu(conv1))",
        "scoreBars(softmax(flatten(conv1)))",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const views = kernel.cells().flatMap((c) => (c.value instanceof window.HTMLElement ? [c.value] : []));
    expect(
      kernel
        .cells()
        .filter((c) => c.status !== "ok")
        .map((c) => String(c.error)),
    ).toEqual([]);
    const captions = views.map((v) => v.querySelector("figcaption")!.textContent);
    const best = captions[5]!.match(/highest: (\d+)$/)![1];
    expect(captions).toEqual([
      "conv1 · conv2d · [1, 3, 4, 4] · shared scale",
      "∂loss/∂conv1 · [1, 3, 4, 4] · shared scale",
      "∂loss/∂w1 · [3, 1, 3, 3] · 3 filters × 1 input channel",
      "dw · ∂loss/∂w1 · [3, 1, 3, 3] · 3 filters × 1 input channel",
      "relu · [1, 3, 4, 4] · shared scale",
      `softmax · [1, 48] · highest: ${best}`,
    ]);
    // Legends name the value too: the gradient's, not "grad".
    const svgText = (v: HTMLElement) => [...v.querySelectorAll("svg text")].map((t) => t.textContent ?? "");
    expect(svgText(views[1]).some((t) => t.startsWith("∂loss/∂conv1"))).toBe(true);
    expect(svgText(views[2]).some((t) => t.startsWith("∂loss/∂w1"))).toBe(true);
    expect(svgText(views[2]).some((t) => t.startsWith("grad"))).toBe(false);
    // One input channel: the three filters side by side in one wrapping row.
    expect(views[2].querySelectorAll(".filter-row")).toHaveLength(1);
    expect(views[2].querySelectorAll(".filter-row .map")).toHaveLength(3);
  });

  it("draws a 1-D filter bank as one tile per filter (input channels × taps), not a strip per channel", async () => {
    const f = await figures(["const bank = filters(randn([6, 16, 6], {seed: 5}))"]);
    const tiles = [...f.bank.querySelectorAll(".map")];
    expect(tiles).toHaveLength(6);
    expect(tiles[0].getAttribute("aria-label")).toMatch(/^filter 0: 16 × 6, from/);
    expect(tiles[0].querySelectorAll("svg rect")).toHaveLength(96);
    expect(f.bank.querySelector("figcaption")!.textContent).toBe("bank · tensor · [6, 16, 6] · 6 filters of 16 input channels × 6 taps");
  });

  it("is an error in its cell when given something that is not a tensor", async () => {
    const { kernel } = openTest(notebookHtml([`import {featureMaps} from "scanbook";`, "const f = featureMaps([1, 2, 3])"]));
    open.push(kernel);
    await kernel.settled();
    expect((kernel.cells()[1].error as Error).message).toBe("featureMaps: expected a layer value (a tensor of the notebook), got an array (make it a tensor with tensor(data, shape))");
  });
});
