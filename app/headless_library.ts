import { scanbookLibraryWith } from "../cells/library.ts";
import { checkView } from "../cells/views/check_view.ts";
import type { NotebookLibrary } from "../kernel/dataflow/kernel_types.ts";
import { checkCells } from "../kernel/grading/check_cell.ts";
import { nodeChecker } from "../kernel/grading/node/supervisor.ts";

/**
 * The "scanbook" library for notebooks run headless in Node (run, export, the tests): its check
 * cells run the exercises in sandbox processes and show their feedback with the library's view.
 * Composed here, above both: the kernel is handed the library, the library its check, the
 * check its view, and none of them imports the others' layer.
 */
export const headlessLibrary: NotebookLibrary = scanbookLibraryWith({ check: checkCells({ checker: nodeChecker, show: checkView }) });
