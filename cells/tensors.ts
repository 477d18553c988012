import type { Engine, Run } from "../kernel/dataflow/engine.ts";
import type { LayerValue } from "../kernel/dataflow/layer_value.ts";
import { rand as randData, randn as randnData } from "../kernel/tensor/random.ts";
import { full as fullData, sizeOf, tensor as tensorData, type Tensor } from "../kernel/tensor/tensor.ts";
import { describe, expectOptions, expectShape } from "./arguments.ts";

/** Nested arrays of numbers → their shape and values in row-major order. */
function flattenNested(data: unknown, who: string): { shape: number[]; values: number[] } {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const values = (data as unknown[]).flat(Infinity) as unknown[];
  if (values.length !== sizeOf(shape) || values.some((v) => typeof v !== "number")) {
    throw new Error(`tensor "${who}": expected numbers in nested lists of equal lengths (a shape like ${JSON.stringify(shape)})`);
  }
  return { shape, values: values as number[] };
}

/** Functions that make tensors on the main thread and hand them to the engine. */
export function tensorFunctions(engine: Engine, run: () => Run) {
  const upload = (t: Tensor) => engine.upload(run(), t);
  const who = (name: string) => `${name} "${run().label}"`;

  return {
    /** tensor([1, 2, 3, 4], [2, 2]), or nested lists: tensor([[1, 2], [3, 4]]). */
    tensor(data: unknown, shape?: unknown): LayerValue {
      if (shape === undefined && Array.isArray(data)) {
        const nested = flattenNested(data, run().label);
        return upload(tensorData(nested.values, nested.shape));
      }
      if (!(Array.isArray(data) || ArrayBuffer.isView(data))) {
        throw new Error(`${who("tensor")}: expected a list of numbers, got ${describe(data)}`);
      }
      const s = shape === undefined ? undefined : expectShape(shape, who("tensor"));
      const values = data as ArrayLike<number>;
      if (s && sizeOf(s) !== values.length) {
        throw new Error(`${who("tensor")}: shape [${s.join(", ")}] holds ${sizeOf(s)} values, got ${values.length}`);
      }
      return upload(tensorData(values, s));
    },
    /** Normal values, seeded: randn([6, 1, 5, 5], {seed: 1, std: 0.1}). */
    randn(shape: unknown, options?: unknown): LayerValue {
      const s = expectShape(shape, who("randn"));
      const { seed = 0, mean = 0, std = 1 } = expectOptions(options, who("randn")) as { seed?: number; mean?: number; std?: number };
      const t = randnData(s, { seed });
      if (mean !== 0 || std !== 1) for (let i = 0; i < t.data.length; i++) t.data[i] = mean + std * t.data[i];
      return upload(t);
    },
    /** Uniform values in [low, high), seeded. */
    rand(shape: unknown, options?: unknown): LayerValue {
      const s = expectShape(shape, who("rand"));
      const { seed = 0, low = 0, high = 1 } = expectOptions(options, who("rand")) as { seed?: number; low?: number; high?: number };
      return upload(randData(s, { seed, low, high }));
    },
    zeros(shape: unknown): LayerValue { return upload(fullData(expectShape(shape, who("zeros")), 0)); },
    ones(shape: unknown): LayerValue { return upload(fullData(expectShape(shape, who("ones")), 1)); },
    full(shape: unknown, value: number): LayerValue { return upload(fullData(expectShape(shape, who("full")), value)); },
  };
}
