import { fail } from "../errors.ts";
import { numberOption } from "../factories/activation.ts";
import { pointwiseLoss } from "../factories/loss.ts";

/**
 * smooth_l1_loss(x, target, {reduction = "mean", beta = 1}): 0.5 d² / beta where |d| < beta,
 * |d| - 0.5 beta beyond (d = x - t), as F.smooth_l1_loss; beta 0 is the L1 loss.
 */
export const smooth_l1_loss = pointwiseLoss<number>(
  "smooth_l1_loss",
  (x, t, beta) => {
    const d = Math.abs(x - t);
    return d < beta ? (0.5 * d * d) / beta : d - 0.5 * beta;
  },
  (x, t, beta) => {
    const d = x - t;
    return Math.abs(d) < beta ? d / beta : Math.sign(d);
  },
  {
    options: ["beta"],
    read(ctx, o) {
      const beta = numberOption(ctx, "beta", o.beta, 1);
      if (beta < 0) fail(ctx, `beta must be >= 0, got ${beta}`);
      return beta;
    },
  },
);
