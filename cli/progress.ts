/**
 * A status line on stderr for long commands (export, run, grade): redrawn in place, cleared
 * when the command prints a line of its own or ends. Only where stderr is a terminal: piped,
 * in CI (the CI variable) or in --json mode it writes nothing.
 */
export class Progress {
  readonly enabled: boolean;
  private shown = "";

  constructor(
    quiet = false,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = !quiet && stream.isTTY === true && !process.env.CI;
  }

  /** Shows `text` as the status line (cut to the terminal's width). */
  update(text: string): void {
    if (!this.enabled) return;
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    this.shown = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    this.stream.write(`\r\x1b[2K${this.shown}`);
  }

  /** Prints a line on stdout above the status line, which stays. */
  log(line: string): void {
    this.above(() => console.log(line));
  }

  /** Prints a line on stderr above the status line, which stays. */
  error(line: string): void {
    this.above(() => console.error(line));
  }

  private above(print: () => void): void {
    if (this.enabled && this.shown) this.stream.write("\r\x1b[2K");
    print();
    if (this.enabled && this.shown) this.stream.write(this.shown);
  }

  /** Removes the status line. */
  done(): void {
    if (this.enabled && this.shown) this.stream.write("\r\x1b[2K");
    this.shown = "";
  }
}

/** "about 1 min 20 s left", from what is done so far at the pace so far. */
export function eta(done: number, total: number, elapsedMs: number): string {
  if (done === 0 || done >= total) return "";
  const leftS = Math.round(((total - done) * elapsedMs) / done / 1000);
  const minutes = Math.floor(leftS / 60);
  return `about ${minutes ? `${minutes} min ` : ""}${leftS % 60} s left`;
}

/** A training's state as one line: the cell, the epoch, the loss and the accuracy. */
export function trainingLine(name: string, state: { epoch: number; epochs: number; loss: number | null; accuracy: number | null }): string {
  const loss = state.loss === null || state.loss === undefined ? "" : `, loss ${state.loss.toFixed(4)}`;
  const accuracy = state.accuracy === null || state.accuracy === undefined ? "" : `, accuracy ${(100 * state.accuracy).toFixed(1)}%`;
  return `training ${name}: epoch ${Math.min(state.epoch + 1, state.epochs)}/${state.epochs}${loss}${accuracy}`;
}
