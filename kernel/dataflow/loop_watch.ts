import type { GuardSite } from "./loop_protection.ts";

/** The clock, taken before any cell runs: a cell that replaces performance.now cannot stop it. */
const now = performance.now.bind(performance);

/** Every this many guard calls the clock is read: a loop pays an increment and a test per turn. */
const CHECK_EVERY = 128;

/** What a cell's guard reports while it checks the clock (the headless watchdog listens). */
export type BusyListener = (label: string) => void;

/**
 * Measures how long the thread has been kept busy: from the first clock check after the last
 * macrotask ran (a timer resets it) to now. Awaits inside a loop do not reset it unless the
 * loop really yields to the event loop, so `for (;;) await null` is caught too, while a
 * training loop that waits on the engine worker each epoch never is.
 */
export class LoopWatch {
  private ticks = 0;
  /** When the current busy stretch was first seen; -1 when a macrotask has run since. */
  private since = -1;
  /** A cell whose guard tripped in this stretch: it trips again at once (a catch cannot swallow it). */
  private tripped: string | undefined;

  /**
   * `stopAt`: a time (performance.now()) past which any loop throws at once, whatever its
   * stretch: a headless command's deadline, so a runaway loop is named before the watchdog acts.
   */
  constructor(
    readonly limitMs: number,
    private readonly onBusy?: BusyListener,
    private readonly stopAt = Infinity,
  ) {}

  /**
   * A cell's definition starts: its loops get an allowance of their own, however long the
   * cells computed before it in the same task kept the thread (each is measured on its own).
   */
  cellStarted(): void {
    this.since = -1;
    this.tripped = undefined;
  }

  /** The guard the protected code of one cell calls, its sites as `protectLoops` found them. */
  guardFor(label: string, sites: readonly GuardSite[]): (site: number) => void {
    return (site) => {
      // A cell that tripped in this stretch and caught the error keeps getting it, at every call.
      if (++this.ticks % CHECK_EVERY !== 0 && this.tripped !== label) return;
      const time = now();
      this.onBusy?.(label);
      if (this.since < 0) {
        this.since = time;
        setTimeout(() => {
          this.since = -1;
          this.tripped = undefined;
        }, 0);
        return;
      }
      const late = time > this.stopAt;
      if (this.tripped !== label && time - this.since <= this.limitMs && !late) return;
      // The next cell in this stretch gets a full allowance of its own.
      this.since = time;
      this.tripped = label;
      throw new Error(this.message(sites[site], late));
    };
  }

  private message(site: GuardSite | undefined, late: boolean): string {
    const limit = `${+(this.limitMs / 1000).toFixed(3)} s`;
    const at = site?.line === undefined ? "" : ` (line ${site.line})`;
    if (site?.kind === "function") {
      const ran = late ? `still running at the ${limit} timeout` : `kept the thread busy longer than ${limit}`;
      return `function${at} ${ran}; is its recursion infinite?`;
    }
    return `loop ${late ? `still running at the ${limit} timeout` : `ran longer than ${limit}`}${at}; is it infinite?`;
  }
}
