import { binary } from "../factories/binary.ts";

/** sub(a, b): a - b, broadcasting. */
export const sub = binary(
  "sub",
  (a, b) => a - b,
  () => 1,
  () => -1,
);
