import { DEFAULT_TOLERANCE, type Tolerance } from "./compare.ts";
import type { Config } from "./kind.ts";
import { getKind } from "./kinds/index.ts";

/** A check as its author writes it in a check cell: `check(title, fn, {configs, ...})`. */
export interface CheckSpec {
  /** The title students and the grade report see. */
  name: string;
  /** The exercise function it calls. */
  function: string;
  /** The check kind (catalogue in kinds/); defaults to the function's name. */
  kind: string;
  /** Configurations always checked, in order. */
  configs: Config[];
  /** How many random configurations to add (drawn from the seed). */
  random: number;
  tolerance: Tolerance;
  points: number;
  hidden: boolean;
  /** Shown to the student when the check fails. */
  feedback?: string;
}

/** What a check cell passes; whether it is hidden and its points come from its // @check line. */
export type CheckOptions = Partial<Pick<CheckSpec, "kind" | "configs" | "random" | "feedback">> & { tolerance?: Partial<Tolerance> };

const KEYS = ["kind", "configs", "random", "tolerance", "feedback"];

/** A check's options checked against its kind, with defaults filled in; errors name the check. */
export function checkSpec(name: unknown, fn: string, options: CheckOptions = {}): CheckSpec {
  if (typeof name !== "string" || !name) throw new Error(`check: the first argument is the check's title (a string), got ${typeof name}`);
  const where = `check "${name}"`;
  for (const key of Object.keys(options)) {
    if (key === "hidden" || key === "points") throw new Error(`${where}: ${key} goes on the cell's marker line: // @check hidden points=2`);
    if (!KEYS.includes(key)) throw new Error(`${where}: unknown option "${key}" (expected ${KEYS.join(", ")})`);
  }
  const kind = getKindFor(where, options.kind ?? fn);
  const configs = options.configs ?? [];
  if (!Array.isArray(configs)) throw new Error(`${where}: configs should be an array of configurations`);
  const names = kind.fields.map((f) => f.name);
  configs.forEach((c, i) => {
    const missing = names.filter((n) => !Number.isInteger(c?.[n]));
    if (missing.length) throw new Error(`${where}: configuration ${i + 1} lacks ${missing.join(", ")} (a ${kind.name} configuration has ${names.join(", ")}, integers)`);
    const extra = Object.keys(c).filter((k) => !names.includes(k));
    if (extra.length) throw new Error(`${where}: configuration ${i + 1} has ${extra.join(", ")}, which ${kind.name} does not use (it has ${names.join(", ")})`);
    if (!kind.valid(c)) throw new Error(`${where}: configuration ${i + 1} is not valid for ${kind.name} (is the kernel larger than the input?)`);
  });
  const random = options.random ?? 5;
  if (!Number.isInteger(random) || random < 0) throw new Error(`${where}: random should be a count of random configurations, got ${random}`);
  if (!configs.length && !random) throw new Error(`${where}: give configs or random > 0, or it checks nothing`);
  return {
    name,
    function: fn,
    kind: kind.name,
    configs: configs.map((c) => ({ ...c })),
    random,
    tolerance: { ...DEFAULT_TOLERANCE, ...options.tolerance },
    points: 1,
    hidden: false,
    ...(options.feedback ? { feedback: String(options.feedback) } : {}),
  };
}

function getKindFor(where: string, kind: string) {
  try {
    return getKind(kind);
  } catch (e) {
    throw new Error(`${where}: ${(e as Error).message}`);
  }
}
