import { shareKernels, wasmKernels } from "../tensor/wasm/module.ts";
import { KERNEL_NAMES, type KernelCall, type KernelThreads, runCalls } from "../tensor/wasm/parallel.ts";

/** Int32 slots for one thread's calls of one round (a few thousand calls at most: 1 MB). */
const TASK_SLOTS = 1 << 18;
/**
 * Times a waiting thread reads the flag before it sleeps (Atomics.wait): about 20 µs here.
 * Waking a sleeping thread costs 20-25 µs each way on these machines, as much as a small
 * job's share; the ops of one network run back to back, so a thread that checks for a while
 * after its round usually finds the next one without sleeping.
 */
export const SPIN_READS = 20_000;
/** How long the engine waits for a thread's round before it takes the thread as dead. */
const ROUND_TIMEOUT_MS = 10_000;

/** What a kernel thread is started with (kernel_thread_loop.mjs reads it). */
export interface KernelThreadData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: Int32Array;
  tasks: Int32Array;
  index: number;
  names: readonly string[];
  spinReads: number;
}

/** A started thread, as its platform runs it. */
export interface ThreadHandle {
  terminate(): Promise<unknown> | undefined;
}

/**
 * How a platform starts one kernel thread running runKernelThread (kernel_thread_loop.mjs)
 * on `data`: worker_threads in Node (node_kernel_threads.ts), Web Workers in a page
 * (web_kernel_threads.ts). It calls `ready` once the thread runs, `exit` when it ends (a
 * crash, or terminate), `error` for a thread that failed to start.
 */
export type ThreadSpawner = (data: KernelThreadData, on: { ready(): void; exit(): void; error(error: unknown): void }) => ThreadHandle;

interface Helper {
  thread: ThreadHandle;
  tasks: Int32Array;
  alive: boolean;
}

/**
 * Kernel threads for the engine: threads that run kernel calls on the same shared
 * WebAssembly memory as the engine's thread, which writes their calls into shared memory,
 * wakes them (Atomics.notify) and waits until they are done (Atomics.wait: the engine's
 * thread is a worker, or a test's main thread, where waiting is allowed). One per core
 * besides the engine's own thread; none on one core or where memory cannot be shared. A
 * thread that dies is replaced; until the new one is ready its share runs on the engine's thread.
 */
export interface StartedKernelThreads extends KernelThreads {
  /** Threads running now besides the engine's (a dead one is being replaced). */
  alive(): number;
  /** Rounds run on threads so far. */
  rounds(): number;
  /** Ends one thread, as a crash would (tests). */
  killOne(): Promise<void>;
  stop(): Promise<void>;
}

export async function startKernelThreadsWith(spawnThread: ThreadSpawner, count: number): Promise<StartedKernelThreads | undefined> {
  if (count < 2) return undefined;
  const shared = await shareKernels();
  if (!shared) return undefined;
  const helpers = count - 1;
  const control = new Int32Array(new SharedArrayBuffer(8 * helpers));
  const slots: Array<Helper | undefined> = [];
  let round = 0;
  let stopped = false;

  const spawn = (index: number): Promise<void> => {
    const tasks = new Int32Array(new SharedArrayBuffer(4 * TASK_SLOTS));
    return new Promise((resolve, reject) => {
      let helper: Helper | undefined;
      const thread = spawnThread(
        { module: shared.module, memory: shared.memory, control, tasks, index, names: KERNEL_NAMES, spinReads: SPIN_READS },
        {
          ready() {
            if (!helper) return;
            helper.alive = true;
            Atomics.store(control, 2 * index, round);
            Atomics.store(control, 2 * index + 1, round);
            slots[index] = helper;
            resolve();
          },
          exit() {
            if (!helper) return;
            helper.alive = false;
            if (slots[index] === helper) slots[index] = undefined;
            helper = undefined;
            if (!stopped) void spawn(index).catch(() => {});
          },
          error: reject,
        },
      );
      helper = { thread, tasks, alive: false };
    });
  };
  await Promise.all(Array.from({ length: helpers }, (_, i) => spawn(i)));

  const write = (tasks: Int32Array, calls: KernelCall[]): boolean => {
    let at = 1;
    for (const [name, ...args] of calls) {
      if (at + 2 + args.length > tasks.length) return false;
      tasks[at] = KERNEL_NAMES.indexOf(name);
      tasks[at + 1] = args.length;
      tasks.set(args, at + 2);
      at += 2 + args.length;
    }
    tasks[0] = calls.length;
    return true;
  };

  return {
    count,
    run(batches: KernelCall[][]): void {
      const kernels = wasmKernels()!;
      round++;
      const waiting: number[] = [];
      const here: KernelCall[] = [...batches[0]];
      for (let b = 1; b < batches.length; b++) {
        const helper = slots[b - 1];
        if (helper?.alive && write(helper.tasks, batches[b])) {
          Atomics.store(control, 2 * (b - 1), round);
          Atomics.notify(control, 2 * (b - 1));
          waiting.push(b - 1);
        } else {
          here.push(...batches[b]); // no thread there (being replaced): this thread does its share
        }
      }
      runCalls(kernels, here);
      let failed = false;
      for (const index of waiting) {
        for (let spin = 0; spin < SPIN_READS && Atomics.load(control, 2 * index + 1) !== round; spin++);
        for (;;) {
          const done = Atomics.load(control, 2 * index + 1);
          if (done === round) break;
          if (done === -round) {
            failed = true;
            break;
          }
          if (Atomics.wait(control, 2 * index + 1, done, ROUND_TIMEOUT_MS) === "timed-out") {
            void slots[index]?.thread.terminate();
            failed = true;
            break;
          }
        }
      }
      if (failed) throw new Error("a kernel thread failed during the op; it is being replaced, and the next edit recomputes");
    },
    alive: () => slots.filter((h) => h?.alive).length,
    rounds: () => round,
    async killOne(): Promise<void> {
      await slots.find((h) => h?.alive)?.thread.terminate();
    },
    async stop(): Promise<void> {
      stopped = true;
      for (let i = 0; i < helpers; i++) {
        Atomics.store(control, 2 * i, -1);
        Atomics.notify(control, 2 * i);
      }
      await Promise.all(slots.map((h) => h?.thread.terminate()));
    },
  };
}
