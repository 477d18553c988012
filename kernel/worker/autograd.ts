import type { RunContext } from "../tensor/op.ts";
import { getOp } from "../tensor/ops/index.ts";
import { allocate, dtypeOf, formatShape, full, sizeOf, type Tensor } from "../tensor/tensor.ts";
import type { TensorNode, TensorStore } from "./tensor_store.ts";
import type { TensorId } from "./protocol.ts";

/**
 * Reverse-mode gradients over the nodes the worker keeps. The gradients of one loss are
 * memoised on the loss node: the gradient cells of a network (one per weight) share the
 * backward pass down to where their paths part, and each op's backward is asked only for the
 * input on the path, so the first conv's input gradient is never computed unless requested.
 */
interface Use {
  consumer: TensorNode;
  slot: string;
}

/** Every node the loss depends on differentiably, with the uses of each inside that graph. */
function usesWithin(store: TensorStore, loss: TensorNode): Map<TensorId, Use[]> {
  const uses = new Map<TensorId, Use[]>([[loss.id, []]]);
  const stack = [loss];
  while (stack.length) {
    const node = stack.pop()!;
    if (!node.op) continue;
    for (const slot of getOp(node.op).differentiable) {
      const id = node.inputs[slot];
      if (id === undefined) continue;
      const input = store.get(id);
      if (!input) continue;
      if (!uses.has(id)) {
        uses.set(id, []);
        stack.push(input);
      }
      uses.get(id)!.push({ consumer: node, slot });
    }
  }
  return uses;
}

function add(a: Tensor | undefined, b: Tensor): Tensor {
  if (!a) return b;
  const out = allocate(a.data.length, dtypeOf(a));
  for (let i = 0; i < out.length; i++) out[i] = a.data[i] + b.data[i];
  return { shape: a.shape, data: out };
}

export function gradient(store: TensorStore, loss: TensorNode, wrt: TensorNode, label: string, run: RunContext): Tensor {
  const prefix = `grad "${label}"`;
  if (!loss.output) throw new Error(`${prefix}: the loss "${loss.label}" has no value`);
  if (sizeOf(loss.output.shape) !== 1) {
    throw new Error(`${prefix}: expected a scalar loss, got ${formatShape(loss.output.shape)} from "${loss.label}" (reduce it to one number first)`);
  }
  const uses = usesWithin(store, loss);
  if (!uses.has(wrt.id)) {
    throw new Error(`${prefix}: the loss "${loss.label}" does not depend on "${wrt.label}" through differentiable inputs`);
  }
  const memo = (loss.grads ??= new Map());

  const contribution = (use: Use): Tensor => {
    const key = `${use.consumer.id}:${use.slot}`;
    let g = memo.get(key);
    if (!g) {
      const op = getOp(use.consumer.op!);
      const grads = op.backward(gradOf(use.consumer), use.consumer.saved, use.consumer.options, {
        ...run,
        needed: new Set([use.slot]),
      });
      g = grads[use.slot];
      if (!g) throw new Error(`${prefix}: ${use.consumer.op} "${use.consumer.label}" gave no gradient for ${use.slot}`);
      memo.set(key, g);
    }
    return g;
  };

  function gradOf(node: TensorNode): Tensor {
    const key = String(node.id);
    let g = memo.get(key);
    if (!g) {
      if (node === loss) {
        g = full(loss.output!.shape, 1, dtypeOf(loss.output!));
      } else {
        for (const use of uses.get(node.id)!) g = add(g, contribution(use));
      }
      memo.set(key, g!);
    }
    return g!;
  }

  return gradOf(wrt);
}
