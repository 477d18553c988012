import { afterEach, describe, expect, it } from "vitest";
import type { LayerValue } from "../../../kernel/dataflow/layer_value.ts";
import type { NotebookKernel } from "../../../kernel/dataflow/notebook.ts";
import { LECTURE_IMAGE } from "../../../cells/inputs/samples.ts";
import { notebookHtml, openTest } from "../../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

type Input = HTMLElement & { value: LayerValue };
async function inputOf(expression: string): Promise<Input> {
  const { kernel } = openTest(notebookHtml([`import {imageInput, signalInput} from "scanbook";`, `const input = ${expression}`]));
  open.push(kernel);
  await kernel.settled();
  const cell = kernel.cells().find((c) => c.name === "input")!;
  if (cell.status !== "ok") throw cell.error;
  return cell.value as Input;
}
const changed = (el: Element) => new Promise<void>((resolve) => el.addEventListener("input", () => resolve(), { once: true }));
const choose = (select: HTMLSelectElement, value: string) => {
  select.value = value;
  select.dispatchEvent(new window.Event("input", { bubbles: true }));
};

describe("imageInput", () => {
  it("starts from a sample as a [1, 1, size, size] tensor; picking another sample makes a new one", async () => {
    const input = await inputOf("imageInput({size: 16, sample: 'one'})");
    expect(input.value.shape).toEqual([1, 1, 16, 16]);
    const next = changed(input);
    choose(input.querySelector("select")!, "lecture 5 × 5");
    await next;
    expect(input.value.shape).toEqual([1, 1, 5, 5]);
    expect(Array.from((await input.value.read()).data)).toEqual(LECTURE_IMAGE.flat());
  });

  it("headless, the canvas holds the picture as SVG (what a static report shows): a square per lit pixel, in its grey", async () => {
    const input = await inputOf("imageInput({sample: 'lecture 5 × 5'})");
    const svg = input.querySelector("canvas > svg")!;
    expect(svg.getAttribute("viewBox")).toBe("0 0 5 5");
    const lit = [...svg.querySelectorAll("rect")].slice(1).map((r) => `${r.getAttribute("y")},${r.getAttribute("x")} ${r.getAttribute("fill")}`);
    const expected = LECTURE_IMAGE.flatMap((row, y) => row.flatMap((v, x) => (v ? [`${y},${x} rgb(255,255,255)`] : [])));
    expect(lit).toEqual(expected);
    const next = changed(input);
    input.querySelector("button")!.click(); // clear: only the black ground is left
    await next;
    expect(input.querySelectorAll("canvas > svg rect")).toHaveLength(1);
  });

  it("clear empties the image; a bad size is an error in the cell", async () => {
    const input = await inputOf("imageInput({size: 8})");
    const next = changed(input);
    input.querySelector("button")!.click();
    await next;
    expect(Math.max(...(await input.value.read()).data)).toBe(0);
    await expect(inputOf("imageInput({size: 1})")).rejects.toThrow("imageInput: expected a size from 2 to 256, got 1");
  });
});

describe("signalInput", () => {
  it("gives a [1, channels, frames] recording; switching recordings changes its value", async () => {
    const input = await inputOf("signalInput({channels: 8, frames: 64})");
    expect(input.value.shape).toEqual([1, 8, 64]);
    const before = Array.from((await input.value.read()).data);
    const next = changed(input);
    choose(input.querySelector("select")!, "without pattern");
    await next;
    const after = Array.from((await input.value.read()).data);
    expect(after).not.toEqual(before);
    expect(Math.max(...after)).toBeLessThanOrEqual(0.3);
  });
});
