import { pooling } from "../factories/pooling.ts";

/** avg_pool2d(x [N, C, H, W], {kernelSize, stride, padding, countIncludePad, ceilMode}). */
export const avg_pool2d = pooling("avg_pool2d", "avg", 2);
