import { elementwise } from "../factories/elementwise.ts";

/** sigmoid(x) = 1 / (1 + e^-x), written so neither branch overflows; dy/dx = y (1 - y). */
export const sigmoidGradient = (g: number, _x: number, y: number): number => g * y * (1 - y);
export const sigmoid = elementwise("sigmoid", stableSigmoid, sigmoidGradient);

/** 1 / (1 + e^-x) without overflow on either side; bce_with_logits' slope uses it too. */
export function stableSigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
