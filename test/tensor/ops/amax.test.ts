import { describe, expect, it } from "vitest";
import { amax } from "../../../kernel/tensor/ops/amax.ts";
import { tensor, zeros } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("amax", () => {
  it("backward matches finite differences (max over time)", () => gradcheck(amax, randomInputs({ x: [2, 3, 7] }, 131), { dim: 2 }));
  it("backward matches finite differences over channels, keepdim", () => gradcheck(amax, randomInputs({ x: [2, 3, 4] }, 132), { dim: 1, keepdim: true }));
  it("shares the gradient evenly among tied maxima, as torch.amax", () => {
    const x = tensor([1, 5, 5, 2], [1, 1, 4]);
    const { output, saved } = amax.forward({ x }, { dim: 2 });
    expect(output.shape).toEqual([1, 1]);
    expect(Array.from(amax.backward(tensor([1], [1, 1]), saved, { dim: 2 }).x.data)).toEqual([0, 0.5, 0.5, 0]);
  });
  it("rejects a dim out of range", () => {
    expect(() => amax.forward({ x: zeros([2, 3]) }, { dim: 5 })).toThrow("amax: dim 5 out of range for a tensor of rank 2 (expected -2 to 1)");
  });
});
