import { describe, expect, it } from "vitest";
import type { OpDef } from "../../kernel/tensor/op.ts";
import { zeros, type Tensor } from "../../kernel/tensor/tensor.ts";
import { gradcheck, randomInputs } from "./gradcheck.ts";

export const reductions = ["mean", "sum", "none"] as const;

/** The checks mse and bce_with_logits share (one factory): every reduction, and the target's shape. */
export function pointwiseLossChecks(op: OpDef<any, any>, target: Tensor): void {
  describe("shared with the pointwise losses", () => {
    for (const reduction of reductions) {
      it(`backward matches finite differences, reduction ${reduction}`, () => {
        gradcheck(op, { ...randomInputs({ x: target.shape }, 111), target }, { reduction });
      });
    }
    it("rejects a target of another shape", () => {
      expect(() => op.forward({ x: zeros([2, 3]), target: zeros([3, 2]) }, { name: "loss" })).toThrow(`${op.name} "loss": expected target [2, 3] (the shape of the input), got [3, 2]`);
    });
  });
}
