import { compileProgramCell } from "../../kernel/grading/compile_program.ts";
import { evaluateProgram } from "../../kernel/grading/program.ts";
import { invokerFor } from "../../kernel/grading/run_checks.ts";
import type { Invoke } from "../../kernel/grading/run_check.ts";

/**
 * Exercise sources defined in this process and called on copies of the arguments: the
 * check logic without a sandbox, for unit tests (the sandbox has its own tests).
 */
export function inProcess(...sources: string[]): Invoke {
  const cells = sources.map((s, i) => compileProgramCell(`exercise ${i + 1}`, "ts", s));
  const values = evaluateProgram(cells, (body) => new Function(`return (${body});`)() as (...a: unknown[]) => unknown);
  return invokerFor(values, (fn, args) => (fn as (...a: unknown[]) => unknown)(...structuredClone(args)));
}
