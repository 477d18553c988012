import type { Run } from "../dataflow/engine.ts";
import type { LibraryNotebook } from "../dataflow/kernel_types.ts";
import { notebookProgram, type Checker } from "./checker.ts";
import { configText } from "./configs.ts";
import type { CheckResult } from "./run_check.ts";
import { checkSpec, type CheckOptions } from "./spec.ts";

/** Public checks use one seed, so a student sees the same cases each time until the code changes. */
const LIVE_SEED = 1;

/** Where check cells run, given by whoever opens the notebook (the kernel and the library know nothing of grading). */
export interface CheckHost {
  /** Where check cells run exercises (a sandbox process headless, a Web Worker in a page). */
  checker?: Checker;
  /** How long a check cell waits for more typing before it runs (a page: a few hundred ms). */
  checkDelayMs?: number;
  /** What the cell shows of a result (the library's checkView, cells/views/check_view.ts): grading draws nothing itself. */
  show(result: CheckResult & { smallestText?: string }): unknown;
}

/**
 * check(title, fn, options): runs a check on the exercise function `fn` and shows its
 * feedback. The cell reads `fn`, so editing the exercise re-runs it; the check runs on the
 * notebook's current exercise and given cells in the kernel's checker (a sandbox process
 * headless, a Web Worker in the page, killed after a time limit). In the page it waits
 * `debounceMs` first, and a newer edit meanwhile makes it stop without running.
 */
export function checkFunction(host: CheckHost, notebook: LibraryNotebook, run: () => Run) {
  const { checker, checkDelayMs: debounceMs = 0 } = host;
  return async function check(title: unknown, fn: unknown, options: CheckOptions = {}): Promise<unknown> {
    if (typeof fn !== "function") throw new Error(`check "${String(title)}": the second argument should be the exercise's function, got ${fn === undefined ? "undefined" : typeof fn}`);
    const spec = checkSpec(title, fn.name, options);
    if (!checker) throw new Error(`check "${spec.name}": this notebook has no checker to run exercises in`);
    const mine = run();
    if (debounceMs) await new Promise((resolve) => setTimeout(resolve, debounceMs));
    if (!mine.alive) return null;
    const [result] = await checker(notebookProgram(notebook.sources()), [spec], LIVE_SEED, mine.retired.signal);
    return host.show({ ...result, ...(result.smallest ? { smallestText: configText(result.smallest) } : {}) });
  };
}

/** The library's `check` for a notebook opened with this host (cells/library.ts LibraryExtras). */
export const checkCells = (host: CheckHost) => (notebook: LibraryNotebook, run: () => Run) => checkFunction(host, notebook, run);
