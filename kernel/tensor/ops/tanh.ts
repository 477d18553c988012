import { elementwise } from "../factories/elementwise.ts";

/** tanh(x); dy/dx = 1 - y². */
export const tanhGradient = (g: number, _x: number, y: number): number => g * (1 - y * y);
export const tanh = elementwise("tanh", Math.tanh, tanhGradient);
