import { softmaxFamily } from "../factories/softmax_family.ts";

/** softmax(x, {dim = 1}): exp(x) / Σ exp(x) along dim. */
export const softmax = softmaxFamily("softmax", false);
