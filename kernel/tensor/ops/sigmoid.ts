import { elementwise } from "../factories/elementwise.ts";

/** sigmoid(x) = 1 / (1 + e^-x), written so neither branch overflows; dy/dx = y (1 - y). */
export const sigmoid = elementwise(
  "sigmoid",
  (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  (g, _x, y) => g * y * (1 - y),
);
