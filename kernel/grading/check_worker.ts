/// <reference lib="webworker" />
/**
 * The Web Worker a page runs a student's exercises in (see web_worker_checker.ts): it defines
 * the cells and calls the functions the page asks for, one request per message, and answers
 * with the runtime's text. The page compares and scores. The student's code shares this
 * worker's realm, so it could answer for itself: fine for a student's own feedback; grading
 * runs in the stricter process sandbox of `scanbook grade`.
 */
import { answerRequest } from "./sandbox_protocol.ts";
import { sandboxRuntime } from "./sandbox_runtime.ts";

const dispatch = sandboxRuntime();
// The student's own cells, transpiled by Notebook Kit on the page.
const compile = (body: string) => new Function(`return (${body});`)() as unknown;

// biome-ignore lint/suspicious/noGlobalAssign: a worker hears its page through its global onmessage
onmessage = (event: MessageEvent<unknown>) => {
  if (typeof event.data === "string") postMessage(answerRequest(event.data, dispatch, compile));
};
postMessage('{"ready":true}');
