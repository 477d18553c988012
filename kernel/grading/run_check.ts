import { formatShape, type Tensor } from "../tensor/tensor.ts";
import { difference, relativeError, round, sameShape, valueMismatch, indexOf } from "./compare.ts";
import { caseSeed, configText, randomConfigs, shrink } from "./configs.ts";
import type { Case, CheckKind, Config, Part } from "./kind.ts";
import { getKind } from "./kinds/index.ts";
import { planeOf, type Plane } from "./planes.ts";
import type { CheckSpec } from "./spec.ts";
import { partOf, readTensor } from "./student_value.ts";

/**
 * Calls the student's function by name (in a sandbox) and resolves with what it returned, as
 * plain data of the grader's realm. Rejects with UnavailableError (no such function),
 * CallFailed (it threw, or returned what cannot be read) or SandboxStopped (the sandbox died or
 * ran out of time: the check fails as a whole).
 */
export type Invoke = (fn: string, args: unknown[]) => Promise<unknown>;

export interface Failure {
  part: string;
  config: Config;
  /**
   * unavailable: the function is missing or broke when defined; error: the call threw or
   * returned no tensor; shape: wrong shape; values: wrong numbers.
   */
  reason: "unavailable" | "error" | "shape" | "values";
  message: string;
  expected?: Plane;
  actual?: Plane;
  /** actual − expected, for outputs. */
  difference?: Plane;
  /** |actual − expected| / (|expected| + atol), worst element marked, for gradients. */
  relativeError?: Plane;
}

export interface PartResult {
  label: string;
  passed: boolean;
  message?: string;
}

export interface CheckResult {
  name: string;
  function: string;
  hidden: boolean;
  points: number;
  /** points × the share of parts that passed in every case. */
  score: number;
  passed: boolean;
  cases: number;
  parts: PartResult[];
  /** One line: what passed, or the first failure (shape before values). */
  message: string;
  failure?: Failure;
  /** The smallest configuration found to fail the same part, by shrinking, and how it fails there. */
  smallest?: Config;
  smallestMessage?: string;
  /** A known mistake the failure matches. */
  mistake?: string;
  feedback?: string;
  /** What the student's code printed during this check (a few short lines). */
  log?: string[];
}

interface Outcome {
  failure?: Failure;
  actual?: Tensor;
}

/** Errors that say the sandbox ran out of something rather than that the code is wrong. */
export const EXHAUSTED = /allocation failed|out of memory|invalid array length|invalid typed array length|maximum call stack/i;

/** Thrown by an Invoke whose function does not exist or could not be defined; said as it is. */
export class UnavailableError extends Error {}

/** Thrown by an Invoke whose call threw or returned something unreadable: the message says it whole. */
export class CallFailed extends Error {}

/** Thrown by an Invoke whose sandbox died or ran out of time: the check fails with the reason, its message. */
export class SandboxStopped extends Error {}

/** Compares one part of one case. */
function judge(spec: CheckSpec, part: Part, config: Config, kase: Case, result: unknown, derived: Record<string, unknown>): Outcome {
  const fail = (reason: Failure["reason"], message: string, extra: Partial<Failure> = {}): Outcome => ({ failure: { part: part.label, config, reason, message, ...extra } });
  let actual: Tensor;
  try {
    const value = part.derived ? derived[part.path] : partOf(result, part.path, spec.function);
    if (value instanceof Error) return fail("error", value.message);
    actual = readTensor(value, part.label === "output" ? `${spec.function}'s result` : part.label);
  } catch (e) {
    return fail("error", (e as Error).message);
  }
  const expected = kase.expected[part.path];
  if (!sameShape(actual.shape, expected.shape)) {
    return { actual, ...fail("shape", `your ${part.label} is ${formatShape(actual.shape)}, expected ${formatShape(expected.shape)}: ${part.hint}`) };
  }
  const bad = valueMismatch(actual, expected, spec.tolerance);
  if (!bad) return { actual };
  const at = formatShape(indexOf(bad.worst, expected.shape));
  const message = `${part.label} is off in ${bad.wrong} of ${bad.total} values; the worst at ${at}: expected ${round(expected.data[bad.worst])}, got ${round(actual.data[bad.worst])}`;
  const maps: Partial<Failure> = { expected: planeOf(expected, bad.worst), actual: planeOf(actual, bad.worst, true) };
  if (part.gradient) maps.relativeError = planeOf(relativeError(actual, expected, spec.tolerance), bad.worst, true);
  else maps.difference = planeOf(difference(actual, expected), bad.worst, true);
  return { actual, ...fail("values", message, maps) };
}

/** Runs the function on one configuration and judges every part. */
async function runCase(spec: CheckSpec, kind: CheckKind, config: Config, seed: number, invoke: Invoke) {
  const kase = kind.make(config, seed);
  const parts = kind.parts(config);
  let result: unknown;
  try {
    result = await invoke(spec.function, kase.args);
  } catch (e) {
    if (!(e instanceof UnavailableError || e instanceof CallFailed)) throw e;
    const failure = { config, reason: e instanceof UnavailableError ? "unavailable" : "error", message: e.message } as const;
    return { kase, parts, outcomes: parts.map((p): Outcome => ({ failure: { part: p.label, ...failure } })) };
  }
  let derived: Record<string, unknown> = {};
  try {
    derived = kase.derive?.(result) ?? {};
  } catch (e) {
    // A derived part that cannot be computed (a converted weight of the wrong shape) fails with why.
    const error = e instanceof Error ? e : new Error(String(e));
    derived = Object.fromEntries(parts.filter((p) => p.derived).map((p) => [p.path, error]));
  }
  return { kase, parts, outcomes: parts.map((p) => judge(spec, p, config, kase, result, derived)) };
}

export async function runCheck(spec: CheckSpec, invoke: Invoke, seed: number): Promise<CheckResult> {
  const kind = getKind(spec.kind);
  const configs = [...spec.configs, ...randomConfigs(kind, spec.random, seed)];
  const partsOf = kind.parts(configs[0]);
  const firstFailure: Array<{ outcome: Outcome; config: Config; kase: Case } | undefined> = partsOf.map(() => undefined);
  for (const [i, config] of configs.entries()) {
    const { kase, outcomes } = await runCase(spec, kind, config, caseSeed(seed, i), invoke);
    outcomes.forEach((outcome, p) => {
      if (outcome.failure && !firstFailure[p]) firstFailure[p] = { outcome, config, kase };
    });
    // Out of memory once is enough: the next cases would only take the time again.
    if (outcomes.some((o) => o.failure?.reason === "error" && EXHAUSTED.test(o.failure.message))) break;
  }
  const parts: PartResult[] = partsOf.map((p, i) => ({
    label: p.label,
    passed: !firstFailure[i],
    ...(firstFailure[i] ? { message: firstFailure[i]!.outcome.failure!.message } : {}),
  }));
  const passedParts = parts.filter((p) => p.passed).length;
  const base = {
    name: spec.name,
    function: spec.function,
    hidden: spec.hidden,
    points: spec.points,
    score: Math.round(((spec.points * passedParts) / parts.length) * 1e6) / 1e6,
    passed: passedParts === parts.length,
    cases: configs.length,
    parts,
  };
  if (base.passed) return { ...base, message: `passed ${configs.length} cases (${parts.map((p) => p.label).join(", ")})` };
  const unavailable = firstFailure.find((f) => f?.outcome.failure?.reason === "unavailable");
  if (unavailable) return { ...base, message: unavailable.outcome.failure!.message };
  return { ...base, ...(await explain(spec, kind, invoke, seed, partsOf, firstFailure)) };
}

/**
 * Explains the first failing part (errors, then shapes, then values: a wrong shape is what to
 * fix first): its first failing case, with the maps and any known mistake it matches, and the
 * smallest configuration shrinking finds that still fails it.
 */
async function explain(
  spec: CheckSpec,
  kind: CheckKind,
  invoke: Invoke,
  seed: number,
  partsOf: Part[],
  failures: Array<{ outcome: Outcome; config: Config; kase: Case } | undefined>,
): Promise<Pick<CheckResult, "message" | "failure" | "smallest" | "smallestMessage" | "mistake" | "feedback">> {
  const order = [...failures.keys()].filter((i) => failures[i]);
  const rank = (i: number) => ({ unavailable: 0, error: 0, shape: 1, values: 2 })[failures[i]!.outcome.failure!.reason];
  order.sort((a, b) => rank(a) - rank(b) || a - b);
  const p = order[0],
    part = partsOf[p],
    first = failures[p]!;
  const reason = first.outcome.failure!.reason;
  // The failure each shrinking step saw, so the smallest configuration's is not computed again.
  let lastFailure: Failure | undefined;
  // A sandbox that stops while shrinking (its time is up) ends the shrinking, not the check.
  let stopped = false;
  const failsSame = async (c: Config) => {
    if (stopped) return false;
    let o: Failure | undefined;
    try {
      o = (await runCase(spec, kind, c, caseSeed(seed, 9999), invoke)).outcomes[p].failure;
    } catch (e) {
      if (!(e instanceof SandboxStopped)) throw e;
      stopped = true;
      return false;
    }
    const same = !!o && (o.reason === reason || reason === "values");
    if (same) lastFailure = o;
    return same;
  };
  // Running out of memory again at every smaller size would only take time.
  const exhausted = reason === "error" && EXHAUSTED.test(first.outcome.failure!.message);
  const smallest = exhausted ? first.config : await shrink(kind, first.config, failsSame);
  const failure = first.outcome.failure!;
  const actual = first.outcome.actual;
  const mistake = actual && kind.mistakes?.find((m) => m.path === part.path && m.matches(actual, first.config, first.kase, spec.tolerance));
  const smaller = configText(smallest) !== configText(first.config);
  return {
    message: `${failure.message} (${configText(first.config)})`,
    failure,
    ...(smaller ? { smallest, ...(lastFailure ? { smallestMessage: lastFailure.message } : {}) } : {}),
    ...(mistake ? { mistake: mistake.message } : {}),
    ...(spec.feedback ? { feedback: spec.feedback } : {}),
  };
}
