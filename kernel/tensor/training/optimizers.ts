import { formatValue } from "../errors.ts";
import { allocate, dtypeOf, type Tensor } from "../tensor.ts";

/**
 * The optimizers of torch.optim, one step at a time per parameter (by id), with PyTorch's
 * update rules and defaults: sgd (momentum, dampening, nesterov, weight decay), adam and adamw
 * (betas, eps, amsgrad; adamw decays the parameter itself), rmsprop (alpha, eps, momentum,
 * centered). `lr` may be changed between steps (a schedule).
 */
export interface Optimizer {
  lr: number;
  /** The parameter after one step (a new tensor; the old one is left as it was). */
  step(id: number, param: Tensor, grad: Tensor): Tensor;
}

export type OptimizerName = "sgd" | "adam" | "adamw" | "rmsprop";

/** Each optimizer's options (camelCase of torch's) and their defaults. */
export const OPTIMIZER_DEFAULTS: Record<OptimizerName, Record<string, number | boolean | number[]>> = {
  sgd: { lr: 0.01, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false },
  adam: { lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false },
  adamw: { lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, amsgrad: false },
  rmsprop: { lr: 0.01, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false },
};

/** The options filled with the defaults, each checked; a clear error names the option and what it takes. */
export function optimizerOptions(name: string, given: Record<string, unknown>, who = "train"): Record<string, number | boolean | number[]> {
  if (!(name in OPTIMIZER_DEFAULTS)) throw new Error(`${who}: unknown optimizer ${formatValue(name)} (expected sgd, adam, adamw or rmsprop)`);
  const defaults = OPTIMIZER_DEFAULTS[name as OptimizerName];
  const out = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!(key in defaults)) throw new Error(`${who}: unknown option ${key} for ${name} (it takes ${Object.keys(defaults).join(", ")})`);
    const fallback = defaults[key];
    if (typeof fallback === "boolean") {
      if (typeof value !== "boolean") throw new Error(`${who}: ${name}'s ${key} must be true or false, got ${formatValue(value)}`);
    } else if (Array.isArray(fallback)) {
      if (!Array.isArray(value) || value.length !== 2 || value.some((b) => typeof b !== "number" || !(b >= 0 && b < 1)))
        throw new Error(`${who}: ${name}'s ${key} must be two numbers in [0, 1), got ${formatValue(value)}`);
    } else if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new Error(`${who}: ${name}'s ${key} must be a number >= 0, got ${formatValue(value)}`);
    }
    out[key] = value as number | boolean | number[];
  }
  if (!((out.lr as number) > 0)) throw new Error(`${who}: expected a learning rate above 0, got ${formatValue(out.lr)}`);
  if (name === "sgd" && out.nesterov && (!((out.momentum as number) > 0) || out.dampening !== 0)) throw new Error(`${who}: sgd's nesterov needs momentum above 0 and dampening 0`);
  return out;
}

/** Per parameter, the optimizer's running buffers (momentum, first and second moments...). */
class Buffers {
  private readonly map = new Map<string, Float64Array>();
  get(id: number, name: string, length: number): { values: Float64Array; fresh: boolean } {
    const key = `${id}:${name}`;
    let values = this.map.get(key);
    const fresh = !values;
    if (!values) {
      values = new Float64Array(length);
      this.map.set(key, values);
    }
    return { values, fresh };
  }
}

export function makeOptimizer(name: string, given: Record<string, unknown>, who = "train"): Optimizer {
  const o = optimizerOptions(name, given, who);
  const buffers = new Buffers();
  const steps = new Map<number, number>();
  const num = (k: string) => o[k] as number;
  const each = (param: Tensor, grad: Tensor, update: (p: number, g: number, i: number) => number): Tensor => {
    const out = allocate(param.data.length, dtypeOf(param));
    for (let i = 0; i < out.length; i++) out[i] = update(param.data[i], grad.data[i], i);
    return { shape: [...param.shape], data: out };
  };
  const optimizer: Optimizer = {
    lr: num("lr"),
    step(id, param, grad) {
      const n = param.data.length;
      const t = (steps.get(id) ?? 0) + 1;
      steps.set(id, t);
      const lr = optimizer.lr,
        wd = num("weightDecay");
      if (name === "sgd") {
        const momentum = num("momentum"),
          dampening = num("dampening");
        const buf = buffers.get(id, "momentum", n);
        return each(param, grad, (p, g, i) => {
          let d = g + wd * p;
          if (momentum !== 0) {
            buf.values[i] = buf.fresh ? d : momentum * buf.values[i] + (1 - dampening) * d;
            d = o.nesterov ? d + momentum * buf.values[i] : buf.values[i];
          }
          return p - lr * d;
        });
      }
      if (name === "adam" || name === "adamw") {
        const [b1, b2] = o.betas as number[];
        const eps = num("eps");
        const m = buffers.get(id, "m", n).values,
          v = buffers.get(id, "v", n).values,
          vmax = buffers.get(id, "vmax", n).values;
        const c1 = 1 - b1 ** t,
          c2 = Math.sqrt(1 - b2 ** t);
        return each(param, grad, (p, g, i) => {
          // adamw decays the parameter itself; adam adds the decay to the gradient.
          if (name === "adamw") p *= 1 - lr * wd;
          else g += wd * p;
          m[i] = b1 * m[i] + (1 - b1) * g;
          v[i] = b2 * v[i] + (1 - b2) * g * g;
          if (o.amsgrad) vmax[i] = Math.max(vmax[i], v[i]);
          const denom = Math.sqrt(o.amsgrad ? vmax[i] : v[i]) / c2 + eps;
          return p - (lr / c1) * (m[i] / denom);
        });
      }
      // rmsprop
      const alpha = num("alpha"),
        eps = num("eps"),
        momentum = num("momentum");
      const square = buffers.get(id, "square", n).values,
        average = buffers.get(id, "average", n).values,
        buf = buffers.get(id, "momentum", n).values;
      return each(param, grad, (p, g, i) => {
        g += wd * p;
        square[i] = alpha * square[i] + (1 - alpha) * g * g;
        let denom: number;
        if (o.centered) {
          average[i] = alpha * average[i] + (1 - alpha) * g;
          denom = Math.sqrt(square[i] - average[i] * average[i]) + eps;
        } else denom = Math.sqrt(square[i]) + eps;
        if (momentum > 0) {
          buf[i] = momentum * buf[i] + g / denom;
          return p - lr * buf[i];
        }
        return p - (lr * g) / denom;
      });
    },
  };
  return optimizer;
}
