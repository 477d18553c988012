import { elementwise } from "../factories/elementwise.ts";

/** relu(x) = max(x, 0); NaN stays NaN; the gradient passes where x > 0 and is exactly 0 elsewhere, as in PyTorch. */
export const reluValue = (x: number): number => (x <= 0 ? 0 : x);
export const reluGradient = (g: number, x: number): number => (x > 0 ? g : 0);

export const relu = elementwise("relu", reluValue, reluGradient);
