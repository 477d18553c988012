import { resampling } from "../factories/resampling.ts";

/** upsample2d(x [N, C, H, W], {scaleFactor}): inserts scaleFactor - 1 zeros between neighbours. */
export const upsample2d = resampling("upsample2d", true, 2);
