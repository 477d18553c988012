import { pooling } from "../factories/pooling.ts";

/** max_pool2d(x [N, C, H, W], {kernelSize, stride, padding, dilation, ceilMode}). */
export const max_pool2d = pooling("max_pool2d", "max", 2);
