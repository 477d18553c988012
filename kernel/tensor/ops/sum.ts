import { reduction } from "../factories/reduction.ts";

/** sum(x, {dim, keepdim = false}): the sum over the axes in dim (all when absent or null). */
export const sum = reduction("sum", false);
