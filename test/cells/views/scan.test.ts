import { afterEach, describe, expect, it } from "vitest";
import type { NotebookKernel } from "../../../kernel/dataflow/notebook.ts";
import { partialMap, scanSteps, textOn } from "../../../cells/views/scan.ts";
import { notebookHtml, openTest } from "../../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
  globalThis.document?.body.replaceChildren();
});

describe("scanSteps", () => {
  it("walks the lecture's 5 × 5 image with a 3 × 3 filter at stride 2: four windows, row by row", () => {
    const steps = scanSteps(
      [
        { kernel: 3, stride: 2, padding: 0 },
        { kernel: 3, stride: 2, padding: 0 },
      ],
      [5, 5],
      [2, 2],
    );
    expect(steps.map((s) => [s.position, s.window])).toEqual([
      [
        [0, 0],
        [
          [0, 2],
          [0, 2],
        ],
      ],
      [
        [0, 1],
        [
          [0, 2],
          [2, 4],
        ],
      ],
      [
        [1, 0],
        [
          [2, 4],
          [0, 2],
        ],
      ],
      [
        [1, 1],
        [
          [2, 4],
          [2, 4],
        ],
      ],
    ]);
  });

  it("lets windows reach into the zero padding (drawn around the input) and handles 1-D scans", () => {
    const steps = scanSteps([{ kernel: 3, stride: 1, padding: 1 }], [4], [4]);
    expect(steps.map((s) => s.window)).toEqual([[[-1, 1]], [[0, 2]], [[1, 3]], [[2, 4]]]);
  });
});

describe("partialMap", () => {
  it("keeps the first values and blanks the rest", () => {
    const map = { channel: 0, rows: 1, cols: 3, values: Float32Array.from([1, 2, 3]), min: 1, max: 3 };
    expect(Array.from(partialMap(map, 2).values)).toEqual([1, 2, NaN]);
  });
});

describe("scanAnimation", () => {
  it("steps the lecture's scan with the slider: the window moves and the output fills in", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {tensor, conv2d, scanAnimation} from "scanbook";`,
        "const image = tensor([[[[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]]]])",
        "const scan = scanAnimation(conv2d(image, {weight: tensor([[[[1, 0, 1], [0, 1, 0], [1, 0, 1]]]])}))",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const view = kernel.cells().find((c) => c.name === "scan")!.value as HTMLElement;
    document.body.append(view);
    const slider = view.querySelector("input[type=range]") as HTMLInputElement;
    expect(slider.max).toBe("9");
    slider.value = "5";
    slider.dispatchEvent(new window.Event("input", { bubbles: true }));
    expect(view.querySelector(".scan-input")!.getAttribute("data-highlight")).toBe("1-3,1-3");
    // The lecture's output map is [[4, 3, 4], [2, 4, 3], [2, 3, 4]]: step 5 is the centre, 4.
    expect(view.textContent).toContain("step 5/9: output (1, 1) = 4");
    expect(view.querySelectorAll(".scan-output svg rect")).toHaveLength(5); // the 4 positions not yet scanned are blank
    // Large enough to read: the numbers of the lecture's image and of the output so far.
    const numbers = (where: string) => [...view.querySelectorAll(`${where} .scan-numbers span`)].map((s) => s.textContent);
    expect(numbers(".scan-input").slice(0, 5)).toEqual(["1", "1", "1", "0", "0"]);
    expect(numbers(".scan-output")).toEqual(["4", "3", "4", "2", "4", "", "", "", ""]);
    expect(view.querySelector(".scan-padding")).toBeNull(); // no padding here
  });

  it("draws the zero padding a padded convolution's windows reach into", async () => {
    const { kernel } = openTest(
      notebookHtml([
        `import {tensor, randn, conv2d, scanAnimation} from "scanbook";`,
        "const scan = scanAnimation(conv2d(randn([1, 1, 5, 5], {seed: 1}), {weight: randn([1, 1, 3, 3], {seed: 2}), padding: 1, stride: 2}))",
      ]),
    );
    open.push(kernel);
    await kernel.settled();
    const view = kernel.cells().find((c) => c.name === "scan")!.value as HTMLElement;
    document.body.append(view);
    expect(view.querySelector(".scan-padding")!.getAttribute("title")).toBe("zero padding: 1 × 1");
    // The padding's zeros around the 5 × 5 input: a 7 × 7 grid whose ring of 24 reads 0.
    const spans = [...view.querySelectorAll(".scan-input .scan-numbers span")];
    expect(spans).toHaveLength(49);
    expect(spans.filter((s) => s.className === "padding-zero").map((s) => s.textContent)).toEqual(new Array(24).fill("0"));
    // The last window (output (2, 2)) sits on rows and columns 3..5: its last row and column are padding.
    const slider = view.querySelector("input[type=range]") as HTMLInputElement;
    slider.value = "9";
    slider.dispatchEvent(new window.Event("input", { bubbles: true }));
    expect(view.querySelector(".scan-input")!.getAttribute("data-highlight")).toBe("3-5,3-5");
    slider.value = "1";
    slider.dispatchEvent(new window.Event("input", { bubbles: true }));
    expect(view.querySelector(".scan-input")!.getAttribute("data-highlight")).toBe("-1-1,-1-1");
  });

  it("prints dark numbers on light colours and white ones on dark colours", () => {
    expect(textOn("#fde725")).toBe("#111"); // viridis' yellow
    expect(textOn("#440154")).toBe("#fff"); // viridis' purple
    expect(textOn("rgb(247, 247, 247)")).toBe("#111");
    expect(textOn("rgb(5, 48, 97)")).toBe("#fff");
  });

  it("draws a 1-D scan over channels × time, its window spanning every channel", async () => {
    const { kernel } = openTest(
      notebookHtml([`import {randn, conv1d, scanAnimation} from "scanbook";`, "const scan = scanAnimation(conv1d(randn([1, 3, 10], {seed: 1}), {weight: randn([2, 3, 4], {seed: 2}), stride: 2}))"]),
    );
    open.push(kernel);
    await kernel.settled();
    const view = kernel.cells().find((c) => c.name === "scan")!.value as HTMLElement;
    document.body.append(view);
    const slider = view.querySelector("input[type=range]") as HTMLInputElement;
    expect(slider.max).toBe("4");
    slider.value = "2";
    slider.dispatchEvent(new window.Event("input", { bubbles: true }));
    expect(view.querySelector(".scan-input")!.getAttribute("data-highlight")).toBe("0-2,2-5");
    expect(view.querySelectorAll(".scan-input svg rect")).toHaveLength(30);
  });

  it("is an error in its cell for a value that is not a scanning layer", async () => {
    const { kernel } = openTest(notebookHtml([`import {tensor, scanAnimation} from "scanbook";`, "const scan = scanAnimation(tensor([1, 2]))"]));
    open.push(kernel);
    await kernel.settled();
    expect((kernel.cells()[1].error as Error).message).toMatch(/^scanAnimation: expected the output of a conv or pooling layer, got tensor \[2\]/);
  });
});
