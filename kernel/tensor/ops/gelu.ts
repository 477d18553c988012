import { erf } from "../erf.ts";
import { fail, formatValue } from "../errors.ts";
import { activation } from "../factories/activation.ts";

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const CUBIC = 0.044715;

/**
 * gelu(x, {approximate = "none"}): x · Φ(x), Φ the standard normal's distribution function
 * (exactly, through erf), or with approximate "tanh" PyTorch's 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))).
 */
export const gelu = activation(
  "gelu",
  ["approximate"],
  (ctx, o) => {
    const mode = o.approximate === undefined ? "none" : o.approximate;
    if (mode !== "none" && mode !== "tanh") fail(ctx, `approximate must be "none" or "tanh", got ${formatValue(mode)}`);
    return mode === "tanh";
  },
  (x, tanh) => (tanh ? 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + CUBIC * x * x * x))) : 0.5 * x * (1 + erf(x / Math.SQRT2))),
  (g, x, _y, tanh) => {
    if (tanh) {
      const t = Math.tanh(SQRT_2_OVER_PI * (x + CUBIC * x * x * x));
      return g * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * CUBIC * x * x));
    }
    // d/dx x Φ(x) = Φ(x) + x φ(x)
    return g * (0.5 * (1 + erf(x / Math.SQRT2)) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI));
  },
);
