import { pointwiseLoss } from "../factories/loss.ts";

/** l1_loss(x, target, {reduction = "mean"}): |x - t|, as F.l1_loss (slope sign(x - t), 0 where they are equal). */
export const l1_loss = pointwiseLoss(
  "l1_loss",
  (x, t) => Math.abs(x - t),
  (x, t) => Math.sign(x - t),
);
