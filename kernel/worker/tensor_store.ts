import type { Tensor } from "../tensor/tensor.ts";
import type { TensorId } from "./protocol.ts";

/**
 * A tensor in the worker with what made it: the op, its inputs and what its backward needs.
 * A node stays while the client holds it or a live node uses it as an input (a later
 * gradient may pass through it); when neither holds, it goes, and releases its own inputs.
 */
export interface TensorNode {
  id: TensorId;
  label: string;
  /** Absent for leaves (uploaded data, gradients). */
  op?: string;
  inputs: Record<string, TensorId>;
  options: Record<string, unknown>;
  saved?: unknown;
  output?: Tensor;
  /** Set when the op failed: dependants fail with the same message. */
  error?: string;
  held: boolean;
  consumers: number;
  /** Gradients of this node, as a loss, with respect to the nodes it depends on. */
  grads?: Map<string, Tensor>;
}

export class TensorStore {
  private readonly nodes = new Map<TensorId, TensorNode>();

  get size(): number {
    return this.nodes.size;
  }

  get(id: TensorId): TensorNode | undefined {
    return this.nodes.get(id);
  }

  add(node: Omit<TensorNode, "held" | "consumers">): TensorNode {
    const entry: TensorNode = { ...node, held: true, consumers: 0 };
    for (const input of Object.values(entry.inputs)) {
      const source = this.nodes.get(input);
      if (source) source.consumers++;
    }
    this.nodes.set(entry.id, entry);
    return entry;
  }

  release(id: TensorId): void {
    const node = this.nodes.get(id);
    if (!node) return;
    node.held = false;
    this.collect(node);
  }

  private collect(node: TensorNode): void {
    if (node.held || node.consumers > 0) return;
    this.nodes.delete(node.id);
    for (const input of Object.values(node.inputs)) {
      const source = this.nodes.get(input);
      if (source) {
        source.consumers--;
        this.collect(source);
      }
    }
  }
}
