import { Worker } from "node:worker_threads";

/** How far past its --timeout a command may run before the watchdog stops what keeps it busy. */
export const WATCHDOG_GRACE_MS = 2000;

/**
 * A watchdog outside the main thread for the commands that run notebooks. A cell can keep
 * the main thread busy where loop protection does not reach (a long library call, a regular
 * expression that backtracks): then no timer of the command fires. Past the deadline and a
 * grace, the watchdog stops the JavaScript that is running (through the inspector, as a
 * debugger's pause would), and the command reports as at any timeout; if even that fails, it
 * writes why and ends the process.
 */
export class Watchdog {
  private readonly worker: Worker;
  private readonly flag = new SharedArrayBuffer(4);
  private lastBusy = "";
  /** Resolves once the watchdog has stopped the main thread's JavaScript (the command then reports). */
  readonly whenFired: Promise<void>;

  /** `deadline`: Date.now() time the command must be done by. */
  constructor(command: string, deadline: number, graceMs = WATCHDOG_GRACE_MS) {
    this.worker = new Worker(new URL("./watchdog_thread.mjs", import.meta.url), { workerData: { deadline, graceMs, command, flag: this.flag } });
    // Referenced until disposed: its message must find the event loop alive.
    this.whenFired = new Promise((resolve) =>
      this.worker.on("message", (m: { fired?: boolean; ping?: boolean }) => {
        if (m.ping) this.worker.postMessage({ pong: true });
        if (m.fired) resolve();
      }),
    );
  }

  /** The cell now running (told by the kernel as a definition starts and as its loops turn). */
  readonly busy = (label: string): void => {
    if (label === this.lastBusy) return;
    this.lastBusy = label;
    this.worker.postMessage({ busy: label });
  };

  /** Whether it had to stop the main thread's JavaScript. */
  get fired(): boolean {
    return Atomics.load(new Int32Array(this.flag), 0) === 1;
  }

  /** The label of the cell last seen running ("" before any). */
  get running(): string {
    return this.lastBusy;
  }

  dispose(): void {
    void this.worker.terminate();
  }
}
