import { adaptivePooling } from "../factories/adaptive_pooling.ts";

/** adaptive_avg_pool1d(x, {outputSize}): means over PyTorch's adaptive windows. */
export const adaptive_avg_pool1d = adaptivePooling("adaptive_avg_pool1d", "avg", 1);
