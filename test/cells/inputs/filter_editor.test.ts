import { afterEach, describe, expect, it } from "vitest";
import type { LayerValue } from "../../../kernel/dataflow/layer_value.ts";
import type { NotebookKernel } from "../../../kernel/dataflow/notebook.ts";
import { notebookHtml, openTest } from "../../helpers/notebooks.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

type Editor = HTMLElement & { value: LayerValue };

/** A notebook whose cell makes a filter editor (headless: jsdom), and the editor. */
async function editorOf(weight: string): Promise<{ kernel: NotebookKernel; editor: Editor }> {
  const { kernel } = openTest(notebookHtml([`import {tensor, filterEditor} from "scanbook";`, `const editor = filterEditor(${weight})`]));
  open.push(kernel);
  await kernel.settled();
  const editor = kernel.cells().find((c) => c.name === "editor")!.value as Editor;
  document.body.append(editor);
  await new Promise((r) => setTimeout(r, 20)); // the grid is drawn once the weights are read
  return { kernel, editor };
}

const key = (el: Element, key: string, shiftKey = false) => el.dispatchEvent(new window.KeyboardEvent("keydown", { key, shiftKey, bubbles: true }));
const nextInput = (el: Element) => new Promise<void>((resolve) => el.addEventListener("input", () => resolve(), { once: true }));

describe("filterEditor", () => {
  const W = "tensor([[[[1, 2], [3, 4]]], [[[5, 6], [7, 8]]]])"; // [2, 1, 2, 2]

  it("shows the grid of one filter; its value starts as the given tensor", async () => {
    const { editor } = await editorOf(W);
    const cells = [...editor.querySelectorAll<HTMLElement>("[role=spinbutton]")];
    expect(cells.map((c) => c.getAttribute("aria-valuenow"))).toEqual(["1", "2", "3", "4"]);
    expect(cells[1].getAttribute("aria-label")).toBe("weight editor[0, 0, row 0, column 1]");
    expect(Array.from((await editor.value.read()).data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("arrow keys step a weight; the value becomes a new tensor with only that weight changed", async () => {
    const { editor } = await editorOf(W);
    const first = editor.value;
    const cell = editor.querySelectorAll<HTMLElement>("[role=spinbutton]")[2];
    const changed = nextInput(editor);
    key(cell, "ArrowUp");
    key(cell, "ArrowDown", true);
    await changed;
    expect(editor.value).not.toBe(first);
    const data = Array.from((await editor.value.read()).data);
    expect(data[2]).toBeCloseTo(3.09, 5);
    expect(data.filter((_, i) => i !== 2)).toEqual([1, 2, 4, 5, 6, 7, 8]);
  });

  it("typing a number sets a weight; a preset fills the filter; reset brings the start back", async () => {
    const { editor } = await editorOf(W);
    const cell = editor.querySelectorAll<HTMLElement>("[role=spinbutton]")[0];
    key(cell, "Enter");
    const field = cell.querySelector("input")!;
    field.value = "-2.5";
    let changed = nextInput(editor);
    field.dispatchEvent(new window.KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    await changed;
    expect((await editor.value.read()).data[0]).toBe(-2.5);

    const [pick, preset] = editor.querySelectorAll("select");
    pick.value = "1";
    pick.dispatchEvent(new window.Event("input", { bubbles: true }));
    preset.value = "identity";
    changed = nextInput(editor);
    preset.dispatchEvent(new window.Event("input", { bubbles: true }));
    await changed;
    expect(Array.from((await editor.value.read()).data)).toEqual([-2.5, 2, 3, 4, 0, 0, 0, 1]);

    changed = nextInput(editor);
    editor.querySelector("button")!.click();
    await changed;
    expect(Array.from((await editor.value.read()).data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("keeps the old value when the typed text is not a number", async () => {
    const { editor } = await editorOf(W);
    const cell = editor.querySelectorAll<HTMLElement>("[role=spinbutton]")[3];
    key(cell, "Enter");
    const field = cell.querySelector("input")!;
    field.value = "abc";
    field.dispatchEvent(new window.KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(cell.getAttribute("aria-valuenow")).toBe("4");
  });

  it("is an error in its cell when not given a conv weight", async () => {
    const { kernel } = openTest(notebookHtml([`import {tensor, filterEditor} from "scanbook";`, "const editor = filterEditor(tensor([1, 2, 3]))"]));
    open.push(kernel);
    await kernel.settled();
    const cell = kernel.cells().find((c) => c.name === "editor")!;
    expect((cell.error as Error).message).toBe('filterEditor: expected a conv weight [Cout, Cin, kH, kW] or [Cout, Cin, K] (a layer value), got tensor [3] (tensor "editor")');
  });
});
