import { pooling } from "../factories/pooling.ts";

/** max_pool1d(x [N, C, L], {kernelSize, stride, padding, dilation, ceilMode}). */
export const max_pool1d = pooling("max_pool1d", "max", 1);
