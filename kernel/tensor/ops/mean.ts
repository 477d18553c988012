import { reduction } from "../factories/reduction.ts";

/** mean(x, {dim, keepdim = false}): the mean over the axes in dim (all when absent or null). */
export const mean = reduction("mean", true);
