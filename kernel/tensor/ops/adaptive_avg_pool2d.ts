import { adaptivePooling } from "../factories/adaptive_pooling.ts";

/** adaptive_avg_pool2d(x, {outputSize}): means over PyTorch's adaptive windows. */
export const adaptive_avg_pool2d = adaptivePooling("adaptive_avg_pool2d", "avg", 2);
