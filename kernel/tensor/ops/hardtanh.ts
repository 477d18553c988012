import { fail } from "../errors.ts";
import { activation, numberOption } from "../factories/activation.ts";

/** hardtanh(x, {minVal = -1, maxVal = 1}): x clamped to [minVal, maxVal]; the gradient passes strictly inside. */
export const hardtanh = activation(
  "hardtanh",
  ["minVal", "maxVal"],
  (ctx, o) => {
    const min = numberOption(ctx, "minVal", o.minVal, -1),
      max = numberOption(ctx, "maxVal", o.maxVal, 1);
    if (min > max) fail(ctx, `minVal (${min}) must not be above maxVal (${max})`);
    return { min, max };
  },
  (x, { min, max }) => (x < min ? min : x > max ? max : x),
  (g, x, _y, { min, max }) => (x <= min || x >= max ? 0 : g),
);
