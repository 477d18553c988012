import { elementwise } from "../factories/elementwise.ts";

/** tanh(x); dy/dx = 1 - y². */
export const tanh = elementwise("tanh", Math.tanh, (_x, y) => 1 - y * y);
