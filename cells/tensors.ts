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

/** Options that must be finite numbers (a seed an integer), as given. */
function numbers(options: Record<string, unknown>, who: string): Record<string, number | undefined> {
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value) || (name === "seed" && !Number.isInteger(value))) {
      throw new Error(`${who}: ${name} must be ${name === "seed" ? "an integer" : "a finite number"}, got ${describe(value)}`);
    }
  }
  return options as Record<string, number | undefined>;
}

/** Functions that make tensors on the main thread and hand them to the engine. */
export function tensorFunctions(engine: Engine, run: () => Run) {
  const upload = (t: Tensor) => engine.upload(run(), t);
  const who = (name: string) => `${name} "${run().label}"`;
  /** The shape argument, checked and within the engine's budget before anything is allocated. */
  const shapeOf = (value: unknown, name: string): number[] => {
    const shape = expectShape(value, who(name));
    engine.admit(shape, who(name));
    return shape;
  };

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
      const s = shape === undefined ? undefined : shapeOf(shape, "tensor");
      const values = data as ArrayLike<number>;
      if (s && sizeOf(s) !== values.length) {
        throw new Error(`${who("tensor")}: shape [${s.join(", ")}] holds ${sizeOf(s)} values, got ${values.length}`);
      }
      return upload(tensorData(values, s));
    },
    /** Normal values, seeded: randn([6, 1, 5, 5], {seed: 1, std: 0.1}). */
    randn(shape: unknown, options?: unknown): LayerValue {
      const s = shapeOf(shape, "randn");
      const { seed = 0, mean = 0, std = 1 } = numbers(expectOptions(options, who("randn"), ["seed", "mean", "std"]), who("randn"));
      const t = randnData(s, { seed });
      if (mean !== 0 || std !== 1) for (let i = 0; i < t.data.length; i++) t.data[i] = mean + std * t.data[i];
      return upload(t);
    },
    /** Uniform values in [low, high), seeded. */
    rand(shape: unknown, options?: unknown): LayerValue {
      const s = shapeOf(shape, "rand");
      const { seed = 0, low = 0, high = 1 } = numbers(expectOptions(options, who("rand"), ["seed", "low", "high"]), who("rand"));
      return upload(randData(s, { seed, low, high }));
    },
    zeros(shape: unknown): LayerValue {
      return upload(fullData(shapeOf(shape, "zeros"), 0));
    },
    ones(shape: unknown): LayerValue {
      return upload(fullData(shapeOf(shape, "ones"), 1));
    },
    full(shape: unknown, value: number): LayerValue {
      return upload(fullData(shapeOf(shape, "full"), value));
    },
  };
}
