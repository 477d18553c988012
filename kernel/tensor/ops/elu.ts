import { activation, numberOption } from "../factories/activation.ts";

/** elu(x, {alpha = 1}): x where x > 0, else alpha · (e^x - 1); its slope there is alpha · e^x (as PyTorch computes it from x). */
export const elu = activation(
  "elu",
  ["alpha"],
  (ctx, o) => numberOption(ctx, "alpha", o.alpha, 1),
  (x, alpha) => (x > 0 ? x : alpha * Math.expm1(x)),
  (g, x, _y, alpha) => (x > 0 ? g : g * alpha * Math.exp(x)),
);
