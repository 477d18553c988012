import { describe, expect, it } from "vitest";
import { Sgd } from "../../../kernel/tensor/training/sgd.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";

describe("Sgd", () => {
  it("steps as torch.optim.SGD: v = g first, then v = momentum · v + g; p -= lr · v", () => {
    const sgd = new Sgd({ lr: 0.1, momentum: 0.9 });
    let p = tensor([1, -2], [2]);
    p = sgd.step(7, p, tensor([0.5, 1], [2])); // v = [0.5, 1]
    expect(Array.from(p.data).map((x) => +x.toFixed(6))).toEqual([0.95, -2.1]);
    p = sgd.step(7, p, tensor([0.5, 1], [2])); // v = [0.95, 1.9]
    expect(Array.from(p.data).map((x) => +x.toFixed(6))).toEqual([0.855, -2.29]);
  });

  it("adds weight decay to the gradient, and keeps each parameter's velocity apart", () => {
    const sgd = new Sgd({ lr: 1, weightDecay: 0.1 });
    expect(Array.from(sgd.step(1, tensor([2], [1]), tensor([0], [1])).data)).toEqual([expect.closeTo(1.8, 6)]);
    const m = new Sgd({ lr: 1, momentum: 0.5 });
    m.step(1, tensor([0], [1]), tensor([1], [1]));
    expect(Array.from(m.step(2, tensor([0], [1]), tensor([1], [1])).data)).toEqual([-1]); // a fresh velocity
  });

  it("throws on a learning rate that is not positive and on momentum outside [0, 1)", () => {
    expect(() => new Sgd({ lr: 0 })).toThrow("train: expected a learning rate above 0, got 0");
    expect(() => new Sgd({ lr: 0.1, momentum: 1 })).toThrow("train: expected momentum in [0, 1), got 1");
  });
});
