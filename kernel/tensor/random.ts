import { allocate, sizeOf, type DType, type Tensor } from "./tensor.ts";

/**
 * A seeded generator (mulberry32): tensor code never uses the unseeded global source, so every
 * notebook, test and benchmark is reproducible from its seed.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomOptions {
  seed?: number;
  dtype?: DType;
}

/** Standard normal values (Box-Muller). */
export function randn(shape: readonly number[], { seed = 0, dtype = "float32" }: RandomOptions = {}): Tensor {
  const next = seededRandom(seed);
  const data = allocate(sizeOf(shape), dtype);
  for (let i = 0; i < data.length; i += 2) {
    const u = 1 - next(); // (0, 1], so log(u) is finite
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    data[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < data.length) data[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return { shape: [...shape], data };
}

/** Uniform values in [low, high). */
export function rand(shape: readonly number[], { seed = 0, dtype = "float32", low = 0, high = 1 }: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const next = seededRandom(seed);
  const data = allocate(sizeOf(shape), dtype);
  for (let i = 0; i < data.length; i++) data[i] = low + (high - low) * next();
  return { shape: [...shape], data };
}

/** Integers in [0, high), as a float tensor (class indices for cross_entropy). */
export function randint(high: number, shape: readonly number[], { seed = 0, dtype = "float32" }: RandomOptions = {}): Tensor {
  const next = seededRandom(seed);
  const data = allocate(sizeOf(shape), dtype);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(next() * high);
  return { shape: [...shape], data };
}
