import { adaptivePooling } from "../factories/adaptive_pooling.ts";

/** adaptive_max_pool2d(x, {outputSize}): maxima over PyTorch's adaptive windows. */
export const adaptive_max_pool2d = adaptivePooling("adaptive_max_pool2d", "max", 2);
