import { resampling } from "../factories/resampling.ts";

/** upsample1d(x [N, C, L], {scaleFactor}): inserts scaleFactor - 1 zeros between neighbours. */
export const upsample1d = resampling("upsample1d", true, 1);
