import { activation } from "../factories/activation.ts";
import { stableSigmoid } from "./sigmoid.ts";

/** silu(x) = x · σ(x) (also called swish); its slope is σ(x) (1 + x (1 - σ(x))). */
export const silu = activation(
  "silu",
  [],
  () => undefined,
  (x) => x * stableSigmoid(x),
  (g, x) => {
    const s = stableSigmoid(x);
    return g * s * (1 + x * (1 - s));
  },
);
