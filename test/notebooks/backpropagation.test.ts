import { describe, expect, it } from "vitest";
import { useSettledNotebook } from "../helpers/notebooks.ts";

const nb = useSettledNotebook("backpropagation.html");

const close = (got: number[], want: number[]) => {
  expect(got).toHaveLength(want.length);
  want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 6));
};

describe("backpropagation.html (notebook 9)", () => {
  it("runs with every cell ok", () => {
    expect(nb.failed()).toEqual([]);
  });

  it("shows the four gates: add distributes, multiply swaps, copy sums, max routes", () => {
    expect(nb.value("addGrads")).toEqual([1, 1]);
    expect(nb.value("multiplyGrads")).toEqual([4, 3]); // ∂(uv)/∂u = v = 4, ∂(uv)/∂v = u = 3
    expect(nb.value("copyGrad")).toBe(7); // 2 + 5
    expect(nb.value("maxGrads")).toEqual([1, 0]); // 2 beat -3
  });

  it("works the lecture's example f(x, W) = ||Wx||^2, W = [[0.1, 0.5], [-0.3, 0.8]], x = [0.2, 0.4]", () => {
    expect(nb.value<number>("fValue")).toBeCloseTo(0.116, 6);
    close(nb.value("dW"), [0.088, 0.176, 0.104, 0.208]); // 2 q xᵀ
    close(nb.value("dx"), [-0.112, 0.636]); // 2 Wᵀ q
  });

  it("passes the upstream gradient [4, -1, 5, 9] through a ReLU at [1, -2, 3, -1] as [4, 0, 5, 0]", () => {
    expect(nb.value("reluGrad")).toEqual([4, 0, 5, 0]);
  });
});
