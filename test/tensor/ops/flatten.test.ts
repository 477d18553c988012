import { describe, expect, it } from "vitest";
import { flatten } from "../../../kernel/tensor/ops/flatten.ts";
import { zeros } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("flatten", () => {
  it("backward matches finite differences", () => gradcheck(flatten, randomInputs({ x: [2, 3, 2, 2] }, 91)));
  it("keeps the batch axis by default and merges startDim..endDim", () => {
    expect(flatten.infer({ x: [8, 16, 5, 5] }, {}).shape).toEqual([8, 400]);
    expect(flatten.infer({ x: [8, 16, 5, 5] }, { startDim: 0 }).shape).toEqual([3200]);
    expect(flatten.infer({ x: [8, 16, 5, 5] }, { startDim: 1, endDim: 2 }).shape).toEqual([8, 80, 5]);
  });
  it("keeps row-major order", () => {
    const x = randomInputs({ x: [2, 3, 4] }, 1).x;
    expect(Array.from(flatten.forward({ x }, {}).output.data)).toEqual(Array.from(x.data));
  });
  it("rejects bad dims", () => {
    expect(() => flatten.forward({ x: zeros([2, 3]) }, { startDim: 3 })).toThrow("flatten: startDim 3 out of range for a tensor of rank 2 (expected -2 to 1)");
    expect(() => flatten.forward({ x: zeros([2, 3, 4]) }, { startDim: 2, endDim: 1 })).toThrow("flatten: startDim 2 comes after endDim 1 for input [2, 3, 4]");
  });
});
