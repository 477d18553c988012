import { binary } from "../factories/binary.ts";

/** mul(a, b): a · b element by element, broadcasting. */
export const mul = binary(
  "mul",
  (a, b) => a * b,
  (_a, b) => b,
  (a) => a,
);
