// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { select, slider } from "../../../cells/inputs/controls.ts";

function changes<T>(input: HTMLElement & { value: T }): T[] {
  const seen: T[] = [];
  input.addEventListener("input", () => seen.push(input.value));
  return seen;
}

describe("slider", () => {
  it("has a labelled range; each step announces the new number", () => {
    const s = slider({ label: "stride", min: 1, max: 4, value: 2 });
    document.body.append(s);
    const seen = changes(s);
    const range = s.querySelector("input")!;
    expect(s.querySelector("label")!.textContent).toBe("stride");
    expect(range.labels?.[0]?.textContent).toBe("stride");
    range.value = "3";
    range.dispatchEvent(new Event("input", { bubbles: true }));
    expect(seen).toEqual([3]);
    expect(s.querySelector("output")!.textContent).toBe("3");
  });

  it("with release: true announces only when the slider is let go", () => {
    const s = slider({ label: "channels", min: 1, max: 16, value: 4, release: true });
    const seen = changes(s);
    const range = s.querySelector("input")!;
    for (const v of ["5", "6", "7"]) {
      range.value = v;
      range.dispatchEvent(new Event("input", { bubbles: true }));
    }
    expect(seen).toEqual([]);
    expect(s.querySelector("output")!.textContent).toBe("7");
    range.dispatchEvent(new Event("change", { bubbles: true }));
    expect(seen).toEqual([7]);
  });

  it("throws when the starting value is outside the range", () => {
    expect(() => slider({ label: "padding", min: 0, max: 2, value: 3 })).toThrow('slider "padding": value 3 is outside [0, 2]');
  });
});

describe("select", () => {
  it("announces the chosen option itself, not its index", () => {
    const s = select({ label: "padding", options: [0, "same", "valid"] as const, value: "same" });
    const seen = changes(s);
    expect(s.value).toBe("same");
    const menu = s.querySelector("select")!;
    menu.value = "2";
    menu.dispatchEvent(new Event("input", { bubbles: true }));
    expect(seen).toEqual(["valid"]);
  });

  it("throws on a value that is not an option, and on no options", () => {
    expect(() => select({ label: "k", options: [3, 5], value: 4 })).toThrow('select "k": value 4 is not one of the options');
    expect(() => select({ label: "k", options: [] })).toThrow('select "k": expected at least one option');
  });
});
