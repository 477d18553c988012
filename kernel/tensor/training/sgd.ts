import { allocate, dtypeOf, type Tensor } from "../tensor.ts";

export interface SgdOptions {
  lr: number;
  momentum?: number;
  /** L2 penalty added to the gradient, as torch.optim.SGD's weight_decay. */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent with momentum, as torch.optim.SGD computes it:
 * g += weightDecay · p; v = momentum · v + g (v = g on the first step); p -= lr · v.
 */
export class Sgd {
  private readonly velocity = new Map<number, Float64Array>();

  constructor(readonly options: SgdOptions) {
    if (!(options.lr > 0)) throw new Error(`train: expected a learning rate above 0, got ${options.lr}`);
    const m = options.momentum ?? 0;
    if (!(m >= 0 && m < 1)) throw new Error(`train: expected momentum in [0, 1), got ${m}`);
  }

  /** The parameter after one step (a new tensor; the old one is left as it was). */
  step(id: number, param: Tensor, grad: Tensor): Tensor {
    const { lr, momentum = 0, weightDecay = 0 } = this.options;
    let v = this.velocity.get(id);
    const first = !v;
    v ??= new Float64Array(param.data.length);
    const out = allocate(param.data.length, dtypeOf(param));
    for (let i = 0; i < out.length; i++) {
      const g = grad.data[i] + weightDecay * param.data[i];
      v[i] = first || momentum === 0 ? g : momentum * v[i] + g;
      out[i] = param.data[i] - lr * v[i];
    }
    this.velocity.set(id, v);
    return { shape: [...param.shape], data: out };
  }
}
