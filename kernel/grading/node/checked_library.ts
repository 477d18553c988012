import { scanbookLibraryWith } from "../../../cells/library.ts";
import type { NotebookLibrary } from "../../dataflow/kernel_types.ts";
import { checkCells } from "../check_cell.ts";
import { nodeChecker } from "./supervisor.ts";

/**
 * The "scanbook" library for notebooks run headless in Node (run, export, the tests): its check
 * cells run the exercises in sandbox processes. The kernel is handed it as any other library.
 */
export const headlessLibrary: NotebookLibrary = scanbookLibraryWith({ check: checkCells({ checker: nodeChecker }) });
