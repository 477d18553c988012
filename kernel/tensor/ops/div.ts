import { binary } from "../factories/binary.ts";

/** div(a, b): a / b element by element, broadcasting; ∂/∂b = -a / b². */
export const div = binary(
  "div",
  (a, b) => a / b,
  (_a, b) => 1 / b,
  (a, b) => -a / (b * b),
);
