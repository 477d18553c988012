import { elementwise } from "../factories/elementwise.ts";

/** relu(x) = max(x, 0); NaN stays NaN, and the gradient at 0 is 0, as in PyTorch. */
export const relu = elementwise("relu", (x) => (x <= 0 ? 0 : x), (x) => (x > 0 ? 1 : 0));
