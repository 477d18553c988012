import { elementwise } from "../factories/elementwise.ts";

/** tanh(x); dy/dx = 1 - y². */
export const tanh = elementwise("tanh", Math.tanh, (g, _x, y) => g * (1 - y * y));
