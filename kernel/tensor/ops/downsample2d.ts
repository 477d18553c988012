import { resampling } from "../factories/resampling.ts";

/** downsample2d(x [N, C, H, W], {scaleFactor}): keeps every scaleFactor-th value, starting with the first. */
export const downsample2d = resampling("downsample2d", false, 2);
