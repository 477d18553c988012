// The watchdog's thread (see watchdog.ts). Plain JavaScript: it must start without the
// TypeScript loader and keep working while the main thread is stuck.
import { writeSync } from "node:fs";
import { Session } from "node:inspector";
import { parentPort as port, workerData } from "node:worker_threads";

// Started by watchdog.ts as a worker thread, which always has a parent port.
const parentPort = /** @type {import("node:worker_threads").MessagePort} */ (port);

const { deadline, graceMs, command, flag } = workerData;
const PING_MS = 250;
const fired = new Int32Array(flag);
let busy = "";
// The main thread answers pings from its event loop: no answer for a while means it is stuck.
let answered = Date.now();
parentPort.on("message", (message) => {
  if (typeof message.busy === "string") busy = message.busy;
  if (message.pong) answered = Date.now();
});

const armed = Date.now();
const overrun = () => ((Date.now() - deadline) / 1000).toFixed(1);
const stuck = () => Date.now() - answered > graceMs;
let stopped = 0;

setInterval(() => {
  parentPort.postMessage({ ping: true });
  const now = Date.now();
  // Late is not enough (a command may still be writing its report): late and not answering.
  if (now < Math.max(deadline, armed) + graceMs || !stuck()) return;
  if (!stopped) {
    // First: stop the JavaScript the main thread is stuck in. Its event loop goes on, and the
    // message tells it to report as at any timeout (not a timer: JavaScript stopped midway can
    // leave Node's timer list unable to fire).
    stopped = now;
    Atomics.store(fired, 0, 1);
    const session = new Session();
    session.connectToMainThread();
    session.post("Runtime.terminateExecution", () => {
      session.disconnect(); // else Node waits for a debugger to disconnect as it exits
      parentPort.postMessage({ fired: true });
    });
  } else if (now - stopped > graceMs) {
    // The main thread is stuck again, or was never freed: say so and end the process.
    const cell = busy ? ` in cell "${busy}"` : "";
    writeSync(2, `${command}: stopped ${overrun()} s past --timeout: the main thread stayed busy${cell} and could not report\n`);
    process.kill(process.pid, "SIGKILL");
  }
}, PING_MS);
