import { seededRandom } from "../tensor/random.ts";
import type { CheckKind, Config } from "./kind.ts";

/** `count` valid configurations drawn uniformly from each field's range, reproducibly from the seed. */
export function randomConfigs(kind: CheckKind, count: number, seed: number): Config[] {
  const next = seededRandom(seed);
  const out: Config[] = [];
  for (let attempt = 0; out.length < count && attempt < count * 200; attempt++) {
    const c: Config = {};
    for (const f of kind.fields) c[f.name] = f.min + Math.floor(next() * (f.max - f.min + 1));
    if (kind.valid(c)) out.push(c);
  }
  return out;
}

/** The case seed of configuration i: distinct cases, reproducible from the check's seed. */
export const caseSeed = (seed: number, i: number) => ((seed * 7919 + i * 104729 + 12345) >>> 0) % 2147483647;

/** Smaller versions of a configuration, one field at a time, in the kind's field order. */
export function* smaller(kind: CheckKind, c: Config): Generator<Config> {
  for (const f of kind.fields) {
    const v = c[f.name];
    for (const candidate of new Set([f.min, Math.floor((f.min + v) / 2), v - 1])) {
      if (candidate >= f.min && candidate < v) {
        const next = { ...c, [f.name]: candidate };
        if (kind.valid(next)) yield next;
      }
    }
  }
}

/**
 * Greedy shrinking, as property-based testing does: take the first smaller configuration that
 * still fails and start again from it, until none does or the budget of calls is spent.
 */
export async function shrink(kind: CheckKind, start: Config, fails: (c: Config) => Promise<boolean>, budget = 80): Promise<Config> {
  let current = start,
    calls = 0;
  for (let progress = true; progress && calls < budget; ) {
    progress = false;
    for (const candidate of smaller(kind, current)) {
      if (++calls > budget) break;
      if (await fails(candidate)) {
        current = candidate;
        progress = true;
        break;
      }
    }
  }
  return current;
}

export const configText = (c: Config) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
