import { adaptivePooling } from "../factories/adaptive_pooling.ts";

/** adaptive_max_pool1d(x, {outputSize}): maxima over PyTorch's adaptive windows. */
export const adaptive_max_pool1d = adaptivePooling("adaptive_max_pool1d", "max", 1);
