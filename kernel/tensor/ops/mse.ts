import { pointwiseLoss } from "../factories/loss.ts";

/** mse(x, target, {reduction = "mean"}): (x - t)², as F.mse_loss. */
export const mse = pointwiseLoss(
  "mse",
  (x, t) => (x - t) * (x - t),
  (x, t) => 2 * (x - t),
);
