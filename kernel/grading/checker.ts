import { compileProgramCell } from "./compile_program.ts";
import { roleOrPlain } from "./markup.ts";
import type { ProgramCell } from "./program.ts";
import type { CheckResult } from "./run_check.ts";
import type { CheckSpec } from "./spec.ts";
import type { CellSource } from "../dataflow/kernel_types.ts";

/**
 * Runs checks on a program somewhere the student's code cannot hang or crash the caller:
 * sandbox processes in Node (node/supervisor.ts), a Web Worker in the page. Aborting the
 * signal stops the work (a newer edit made it moot).
 */
export type Checker = (program: ProgramCell[], checks: CheckSpec[], seed: number, signal?: AbortSignal) => Promise<CheckResult[]>;

/** A notebook's cells as the kernel holds them now, edits included (the kernel's own type). */
export type { CellSource };

/** The program of an open notebook: its exercise cells as they are now and its given cells. */
export function notebookProgram(cells: readonly CellSource[]): ProgramCell[] {
  const program: ProgramCell[] = [];
  cells.forEach((cell, i) => {
    if (cell.mode !== "js" && cell.mode !== "ts") return;
    const role = roleOrPlain(cell.source);
    if (role.role === "exercise") program.push(compileProgramCell(`exercise ${role.name}`, cell.mode, cell.source));
    else if (role.role === "given") program.push(compileProgramCell(`given cell ${i + 1}`, cell.mode, cell.source));
  });
  return program;
}

/**
 * A checker that runs at most `n` calls at once, the rest waiting in order: a notebook's check
 * cells all start together when it opens, and thirty sandboxes at once would only compete for
 * the cores (and run into their own time limits).
 */
export function oneAtATime(checker: Checker, n: number): Checker {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (program, checks, seed, signal) => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      signal?.throwIfAborted();
      return await checker(program, checks, seed, signal);
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
