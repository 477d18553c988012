import type { Engine, Run } from "../kernel/dataflow/engine.ts";
import { notebookProgram } from "../kernel/grading/checker.ts";
import { checkSpec, type CheckOptions } from "../kernel/grading/spec.ts";
import { checkView } from "./views/check_view.ts";

/** Public checks use one seed, so a student sees the same cases each time until the code changes. */
const LIVE_SEED = 1;

/**
 * check(title, fn, options): runs a check on the exercise function `fn` and shows its
 * feedback. The cell reads `fn`, so editing the exercise re-runs it; the check runs on the
 * notebook's current exercise and given cells in the kernel's checker (a sandbox process
 * headless, a Web Worker in the page, killed after a time limit). In the page it waits
 * `debounceMs` first, and a newer edit meanwhile makes it stop without running.
 */
export function checkFunction(engine: Engine, run: () => Run, debounceMs = 0) {
  return async function check(title: unknown, fn: unknown, options: CheckOptions = {}): Promise<HTMLElement | null> {
    if (typeof fn !== "function") throw new Error(`check "${String(title)}": the second argument should be the exercise's function, got ${fn === undefined ? "undefined" : typeof fn}`);
    const spec = checkSpec(title, fn.name, options);
    const checker = engine.checker;
    if (!checker) throw new Error(`check "${spec.name}": this notebook has no checker to run exercises in`);
    const mine = run();
    if (debounceMs) await new Promise((resolve) => setTimeout(resolve, debounceMs));
    if (!mine.alive) return null;
    const [result] = await checker(notebookProgram(engine.sources()), [spec], LIVE_SEED, mine.retired.signal);
    return checkView(result);
  };
}
