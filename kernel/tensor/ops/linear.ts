import { linearOp } from "../factories/linear.ts";

export type { Saved } from "../factories/linear.ts";

export const linear = linearOp();
