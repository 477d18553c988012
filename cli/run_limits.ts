/**
 * Options of the commands that run notebooks.
 *
 * `--timeout SECONDS` of the commands that run notebooks: a bound on the whole command, wall
 * clock, from its start. Timers take at most 2^31 - 1 ms; a larger value would fire at once.
 */
export const MAX_TIMEOUT_S = Math.floor((2 ** 31 - 1) / 1000);

/** The seconds given, or what is wrong with them. */
export function parseTimeout(text: string | undefined): number | string {
  const seconds = Number(text);
  if (text === undefined || text.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
    return `--timeout expects a number of seconds, got ${text ?? "nothing"}`;
  }
  if (seconds > MAX_TIMEOUT_S) return `--timeout ${text} is more than the ${MAX_TIMEOUT_S} s a timer can wait`;
  return seconds;
}

/** A point in time the command must be done by: `seconds` after `start` (performance.now(); 0 is the process's start). */
export class Deadline {
  private readonly end: number;
  constructor(
    readonly seconds: number,
    start = performance.now(),
  ) {
    this.end = start + seconds * 1000;
  }

  /** The deadline as a wall-clock time (Date.now()), for a thread with its own clock origin. */
  get epochMs(): number {
    return performance.timeOrigin + this.end;
  }

  /** The deadline on performance.now()'s clock. */
  get at(): number {
    return this.end;
  }

  get remainingMs(): number {
    return Math.max(0, this.end - performance.now());
  }

  /** `work`'s value, or `late` once the deadline passes first. */
  async race<T, L>(work: Promise<T>, late: L): Promise<T | L> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wait = Math.min(this.remainingMs, MAX_TIMEOUT_S * 1000);
    const timeout = new Promise<L>((resolve) => {
      timer = setTimeout(() => resolve(late), wait);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** `--tensor-budget GB`: the most one tensor may take, in bytes; or what is wrong with the value. */
export function parseTensorBudget(text: string | undefined): number | string {
  const gigabytes = Number(text);
  if (text === undefined || text.trim() === "" || !Number.isFinite(gigabytes) || gigabytes <= 0) {
    return `--tensor-budget expects a size in GB (such as 0.5), got ${text ?? "nothing"}`;
  }
  return gigabytes * 1e9;
}
