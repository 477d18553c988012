import { activation, numberOption } from "../factories/activation.ts";

/** leaky_relu(x, {negativeSlope = 0.01}): x where x > 0, else negativeSlope · x (and so its gradient). */
export const leaky_relu = activation(
  "leaky_relu",
  ["negativeSlope"],
  (ctx, o) => numberOption(ctx, "negativeSlope", o.negativeSlope, 0.01),
  (x, slope) => (x > 0 ? x : x * slope),
  (g, x, _y, slope) => (x > 0 ? g : g * slope),
);
