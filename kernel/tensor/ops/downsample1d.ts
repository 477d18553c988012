import { resampling } from "../factories/resampling.ts";

/** downsample1d(x [N, C, L], {scaleFactor}): keeps every scaleFactor-th value, starting with the first. */
export const downsample1d = resampling("downsample1d", false, 1);
