import { pointwiseLoss } from "../factories/loss.ts";
import { stableSigmoid } from "./sigmoid.ts";

/**
 * bce_with_logits(x, target, {reduction = "mean"}): binary cross-entropy of sigmoid(x) against
 * t, in the stable form max(x, 0) - x·t + log(1 + e^-|x|); the slope is sigmoid(x) - t.
 */
export const bce_with_logits = pointwiseLoss(
  "bce_with_logits",
  (x, t) => Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x))),
  (x, t) => stableSigmoid(x) - t,
);
