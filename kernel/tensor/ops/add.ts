import { binary } from "../factories/binary.ts";

/** add(a, b): a + b, broadcasting. */
export const add = binary(
  "add",
  (a, b) => a + b,
  () => 1,
  () => 1,
);
