import { softmaxFamily } from "../factories/softmax_family.ts";

/** log_softmax(x, {dim = 1}): x - log Σ exp(x) along dim, computed without forming softmax first. */
export const log_softmax = softmaxFamily("log_softmax", true);
