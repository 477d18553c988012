import type { ShapeInfo } from "../tensor/op.ts";
import { formatShape, sizeOf, type Tensor } from "../tensor/tensor.ts";
import type { EngineClient } from "../worker/client.ts";
import type { TensorStats } from "../tensor/stats.ts";

/**
 * A cell's tensor: a handle to data that stays in the engine worker, with what is known on
 * the main thread without it: the shape, the op and options that made it, its inputs, and
 * what the op costs. Reading the data is asynchronous and copies it; views read, layers do not.
 */
export class LayerValue {
  /**
   * State the op returns beside its output, by name: batch norm in training gives its updated
   * runningMean and runningVar here (in evaluation, the ones it was given).
   */
  state: Readonly<Record<string, LayerValue>> = {};

  constructor(
    private readonly client: EngineClient,
    readonly id: number,
    /** The worker generation that holds it; a handle from a worker that died is dead. */
    readonly generation: number,
    readonly shape: readonly number[],
    /** The op's name, or "tensor" for data made on the main thread, "grad" for a gradient. */
    readonly op: string,
    readonly options: Readonly<Record<string, unknown>>,
    readonly inputs: Readonly<Record<string, LayerValue>>,
    /** The cell (layer) that made it; op errors name it. */
    readonly label: string,
    readonly info: ShapeInfo | null,
    /** Resolves when the worker has computed it; rejects with the worker's message. */
    readonly ready: Promise<void>,
  ) {}

  get size(): number {
    return sizeOf(this.shape);
  }

  /** A copy of the data on the main thread. */
  async read(): Promise<Tensor> {
    await this.ready;
    return this.client.read(this.id);
  }

  /** The single value of a one-element tensor, such as a loss. */
  async item(): Promise<number> {
    if (this.size !== 1) throw new Error(`item "${this.label}": expected one element, got ${formatShape(this.shape)}`);
    return (await this.read()).data[0];
  }

  /** Min, max and mean, computed in the worker. */
  async stats(): Promise<TensorStats> {
    await this.ready;
    return this.client.stats(this.id);
  }

  toString(): string {
    return `tensor ${formatShape(this.shape)} (${this.op} "${this.label}")`;
  }
}

/**
 * Every layer value inside a cell's value: itself, in an array or plain object, or the value of
 * an input (an element whose `value` is a tensor, like the filter editor), which holds it.
 */
/**
 * A method by which an object of a class says which tensors it holds (a file of loaded weights),
 * so they stay in the engine while a cell's value holds the object.
 */
export const HOLDS: unique symbol = Symbol.for("scanbook.holds");

export function layerValuesIn(value: unknown, found: Set<LayerValue> = new Set(), depth = 0): Set<LayerValue> {
  if (value instanceof LayerValue) {
    found.add(value);
    for (const held of Object.values(value.state)) found.add(held);
  } else if (depth < 4 && value !== null && typeof value === "object") {
    if (Array.isArray(value)) {
      for (const item of value) layerValuesIn(item, found, depth + 1);
    } else {
      const proto = Object.getPrototypeOf(value);
      const holds = (value as { [HOLDS]?: () => Iterable<LayerValue> })[HOLDS];
      if (typeof holds === "function") {
        for (const item of holds.call(value)) found.add(item);
      } else if (proto === Object.prototype || proto === null) {
        for (const item of Object.values(value)) layerValuesIn(item, found, depth + 1);
      } else if ("value" in value && (value as { value: unknown }).value instanceof LayerValue) {
        found.add((value as { value: LayerValue }).value);
      }
    }
  }
  return found;
}
