import { pooling } from "../factories/pooling.ts";

/** avg_pool1d(x [N, C, L], {kernelSize, stride, padding, countIncludePad, ceilMode}). */
export const avg_pool1d = pooling("avg_pool1d", "avg", 1);
