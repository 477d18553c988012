import { runKernelThread } from "./kernel_thread_loop.mjs";
import { type StartedKernelThreads, startKernelThreadsWith, type ThreadSpawner } from "./kernel_threads.ts";

/**
 * A kernel thread in a page: a Web Worker made by the engine's worker from the loop's own
 * text (a Blob URL: no file to locate, in the served page or a bundled report alike). It gets
 * its data in its first message and answers "ready".
 */
// Bound to its name here: a minifier renames the function itself (the page's bundle does).
const SOURCE = `const runKernelThread = ${runKernelThread.toString()};
self.onmessage = ({ data }) => {
  self.onmessage = null;
  runKernelThread(data, () => self.postMessage("ready"));
};`;

let url: string | undefined;

const webThread: ThreadSpawner = (data, on) => {
  url ??= URL.createObjectURL(new Blob([SOURCE], { type: "text/javascript" }));
  const worker = new Worker(url, { name: `scanbook kernel thread ${data.index + 1}` });
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    worker.terminate();
    on.exit();
  };
  worker.onmessage = () => on.ready();
  worker.onerror = (event) => {
    event.preventDefault();
    on.error(new Error(event.message || "a kernel thread failed to start"));
    end();
  };
  worker.postMessage(data);
  return {
    terminate() {
      end();
      return undefined;
    },
  };
};

/** How long the engine waits for its kernel threads to start before it runs on its own thread. */
const START_TIMEOUT_MS = 5000;

/**
 * The engine's kernel threads in a page's Web Worker: one per other core, where the page is
 * cross-origin isolated (memory can be shared); none otherwise, or if they do not start in
 * time (the engine then runs on one thread, and its stats say so).
 */
export async function startWebKernelThreads(count = navigator.hardwareConcurrency || 1): Promise<StartedKernelThreads | undefined> {
  if (!globalThis.crossOriginIsolated) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), START_TIMEOUT_MS);
  });
  try {
    const threads = await Promise.race([startKernelThreadsWith(webThread, count), late]);
    return threads;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
