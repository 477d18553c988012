import type { NotebookKernel } from "./notebook.ts";

/** How long past the time given, answers already computed may still arrive: they queue behind the timer when a loop held the main thread until it. */
const DRAIN_MS = 250;
/** The longest wait a timer takes (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** `work`'s value, or false once `ms` have passed. */
function within(work: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.min(Math.max(0, ms), MAX_TIMER_MS));
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Whether the notebook settles within `ms` (a headless command's time), or false: at the end
 * of that time, or at once when `giveUp` settles (a watchdog stopped a stuck cell).
 */
export async function settleWithin(kernel: NotebookKernel, ms: number, giveUp?: Promise<unknown>): Promise<boolean> {
  const settling = kernel.settled().then(() => true);
  const settledOrStopped = giveUp ? Promise.race([settling, giveUp.then(() => false)]) : settling;
  if (await within(settledOrStopped, ms)) return true;
  return within(settledOrStopped, DRAIN_MS);
}
