import { elementwise } from "../factories/elementwise.ts";

/** relu(x) = max(x, 0); NaN stays NaN; the gradient passes where x > 0 and is exactly 0 elsewhere, as in PyTorch. */
export const relu = elementwise(
  "relu",
  (x) => (x <= 0 ? 0 : x),
  (g, x) => (x > 0 ? g : 0),
);
