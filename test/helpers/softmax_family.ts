import { describe, expect, it } from "vitest";
import type { OpDef } from "../../kernel/tensor/op.ts";
import { tensor, zeros } from "../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "./gradcheck.ts";

/** The checks softmax and log_softmax share (one factory): every axis, defaults, large logits, errors. */
export function softmaxFamilyChecks(op: OpDef<any, any>): void {
  describe("shared with the softmax family", () => {
    for (const dim of [0, 1, 2, -1]) {
      it(`backward matches finite differences along dim ${dim}`, () => {
        gradcheck(op, randomInputs({ x: [2, 3, 4] }, 70 + dim), { dim });
      });
    }
    it("defaults to dim 1 ([N, C] logits) and to 0 for a vector", () => {
      const x = tensor([1, 2, 3, 4, 5, 6], [2, 3], "float64");
      expect(Array.from(op.forward({ x }, {}).output.data)).toEqual(Array.from(op.forward({ x }, { dim: 1 }).output.data));
      const v = tensor([1, 2, 3], [3], "float64");
      expect(Array.from(op.forward({ x: v }, {}).output.data)).toEqual(Array.from(op.forward({ x: v }, { dim: 0 }).output.data));
    });
    it("stays finite for large logits", () => {
      const y = op.forward({ x: tensor([1000, 0, -1000], [1, 3]) }, {}).output.data;
      expect(Array.from(y).every(Number.isFinite)).toBe(true);
    });
    it("rejects a dim out of range", () => {
      expect(() => op.forward({ x: zeros([2, 3]) }, { dim: 2, name: "probs" })).toThrow(`${op.name} "probs": dim 2 out of range for a tensor of rank 2 (expected -2 to 1)`);
    });
  });
}
