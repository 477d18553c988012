import { fail } from "../errors.ts";
import { activation, numberOption } from "../factories/activation.ts";
import { stableSigmoid } from "./sigmoid.ts";

/**
 * softplus(x, {beta = 1, threshold = 20}): log(1 + e^(βx)) / β, and x itself where βx >
 * threshold (as PyTorch, for numerical stability); its slope is σ(βx) there and 1 past the threshold.
 */
export const softplus = activation(
  "softplus",
  ["beta", "threshold"],
  (ctx, o) => {
    const beta = numberOption(ctx, "beta", o.beta, 1);
    if (beta === 0) fail(ctx, "beta must not be 0 (softplus divides by it)");
    return { beta, threshold: numberOption(ctx, "threshold", o.threshold, 20) };
  },
  (x, { beta, threshold }) => (x * beta > threshold ? x : Math.log1p(Math.exp(beta * x)) / beta),
  (g, x, _y, { beta, threshold }) => (x * beta > threshold ? g : g * stableSigmoid(beta * x)),
);
