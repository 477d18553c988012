import { messageOf } from "../kernel/dataflow/errors.ts";

/**
 * Errors a notebook throws outside any cell's run (in a timer or an event a cell set up) are
 * reported on stderr, never a crash of the command, and counted: the command then exits 1,
 * as for an error in a cell.
 */
export class StrayErrors {
  count = 0;
  private readonly listener = (error: unknown) => {
    this.count++;
    console.error(`${this.command}: an error outside any cell: ${messageOf(error)}`);
  };

  constructor(private readonly command: string) {
    process.on("uncaughtException", this.listener);
    process.on("unhandledRejection", this.listener);
  }

  dispose(): void {
    process.off("uncaughtException", this.listener);
    process.off("unhandledRejection", this.listener);
  }
}
