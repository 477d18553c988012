import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { connect, createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileProgramCell } from "../../kernel/grading/compile_program.ts";
import { networkIsolation, processLauncher, runSandboxed } from "../../kernel/grading/node/supervisor.ts";
import { supervise, type LaunchSandbox } from "../../kernel/grading/supervise.ts";
import { inProcessLaunch } from "../helpers/in_process_program.ts";
import { checkSpec } from "../../kernel/grading/spec.ts";

const DOWN = { configs: [{ batch: 1, channels: 2, width: 7, factor: 2 }], random: 1 };
const downsample = (name: string, body = "") => `function ${name}(x, k) {
  ${body}
  const [N, C, W] = x.shape, Wd = Math.ceil(W / k), data = new Float32Array(N * C * Wd);
  for (let p = 0; p < N * C; p++) for (let i = 0; i < Wd; i++) data[p * Wd + i] = x.data[p * W + i * k];
  return { shape: [N, C, Wd], data };
}`;

const program = (...sources: string[]) => sources.map((s, i) => compileProgramCell(`exercise ${i + 1}`, "js", s));
const check = (fn: string) => checkSpec(fn, fn, { kind: "downsample1d", ...DOWN });

/** One downsampling function per entry, named prefix + key, `body` run first; each check's message by key. */
async function messagesOf(bodies: Record<string, string>, prefix = ""): Promise<Record<string, string>> {
  const keys = Object.keys(bodies);
  const { results } = await runSandboxed(
    program(...keys.map((k) => downsample(prefix + k, bodies[k]))),
    keys.map((k) => check(prefix + k)),
    1,
    { timeoutMs: 5000, memoryMb: 256 },
  );
  expect(results.every((r) => !r.passed)).toBe(true);
  return Object.fromEntries(keys.map((k, i) => [k, results[i].message]));
}

describe("runSandboxed", () => {
  it("gives the student's code no way out: no process, require, import, network, code from strings or the caller's realm", async () => {
    // The functions are named try_process etc., so the names they reach for are not their own.
    const said = await messagesOf(
      {
        process: "process.exit(3)",
        require: "require('node:fs')",
        fetch: "fetch('http://127.0.0.1/')",
        timers: "setTimeout(() => {}, 1)",
        realm: "x.constructor.constructor('return process')().exit(3)",
        evaluated: "eval('imp' + 'ort(\"node:net\")')",
        wasm: "new (function () { return this; })().WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))",
      },
      "try_",
    );
    // A name the cell does not define is an input of the cell (as in Notebook Kit), and nothing provides it.
    const unavailable = (name: string) => new RegExp(`^try_\\w+ threw: (ReferenceError: ${name} is not defined|TypeError: (Cannot read properties of undefined|${name} is not a function))`);
    expect(said.process).toMatch(unavailable("process"));
    expect(said.require).toMatch(unavailable("require"));
    expect(said.fetch).toMatch(unavailable("fetch"));
    expect(said.timers).toMatch(unavailable("setTimeout"));
    // The arguments were made inside the sandbox, whose Function cannot compile strings.
    expect(said.realm).toMatch(/^try_realm threw: EvalError: Code generation from strings disallowed/);
    expect(said.evaluated).toMatch(/^try_evaluated threw: EvalError: Code generation from strings disallowed/);
    // The global object (a sloppy function's this) has no WebAssembly to compile with.
    expect(said.wasm).toMatch(/^try_wasm threw: TypeError: Cannot read properties of undefined \(reading 'Module'\)/);
  }, 60_000);

  it("refuses a cell that imports, however the import is written", async () => {
    const cells = program(downsample("plain", "import('node:net')"), downsample("commented", "import /* hidden */ ('node:net')"), downsample("meta", "const u = import.meta.url"));
    const { results } = await runSandboxed(cells, ["plain", "commented", "meta"].map(check), 1, { timeoutMs: 5000, memoryMb: 256 });
    expect(results.map((r) => r.message)).toEqual([
      ...[1, 2].map((i) => `exercise ${i} imports a module; an exercise must stand on its own (plain code on {shape, data} tensors)`),
      "exercise 3 does not compile: Cannot use 'import.meta' outside a module (3:12)",
    ]);
  }, 60_000);

  it("reads any thrown value safely and keeps the process alive", async () => {
    const said = await messagesOf({
      nothing: "throw null",
      symbol: "throw Symbol('s')",
      proxy: "throw new Proxy({}, { get() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } })",
      liar: "throw { toString() { return {}; } }",
      number: "throw 42",
      long: "throw new Error('x'.repeat(2000000))",
    });
    expect(said.nothing).toBe("nothing threw null (batch 1, channels 2, width 7, factor 2)");
    expect(said.symbol).toBe("symbol threw a Symbol (batch 1, channels 2, width 7, factor 2)");
    expect(said.proxy).toBe("proxy threw an object that cannot be printed (batch 1, channels 2, width 7, factor 2)");
    expect(said.liar).toBe("liar threw an object that cannot be printed (batch 1, channels 2, width 7, factor 2)");
    expect(said.number).toBe("number threw the number 42 (batch 1, channels 2, width 7, factor 2)");
    expect(said.long.length).toBeLessThan(1200);
  }, 60_000);

  it("a result the student dresses up (toJSON, replaced intrinsics, getters, huge arrays) is read as data or refused, never trusted", async () => {
    const setup = "Array.prototype.toJSON = () => 1; String.prototype.slice = () => 'x'.repeat(1e6); JSON.stringify = () => '{}'; console.log('a', [1, 2]);";
    const { results } = await runSandboxed(
      program(
        downsample("dressed", setup),
        "function huge(x, k) { return { shape: [1], data: new Array(3e6).fill(0) }; }",
        "function getter(x, k) { return { get shape() { throw new Error('no shape'); }, data: [] }; }",
        "function fn(x, k) { return () => 1; }",
        "function claims(x, k) { return { shape: [150000000], data: { length: 150000000 } }; }",
      ),
      ["dressed", "huge", "getter", "fn", "claims"].map(check),
      1,
      { timeoutMs: 5000, memoryMb: 256 },
    );
    expect(results[0]).toMatchObject({ passed: true, log: ["a 1,2", "a 1,2"] });
    expect(results[1].message).toMatch(/^huge returned more than 1,000,000 values/);
    expect(results[2].message).toMatch(/^getter's result could not be read: no shape/);
    expect(results[3].message).toMatch(/^fn's result is a function; expected a tensor/);
    // An object that claims a length is not data: the grader never allocates for it.
    expect(results[4].message).toMatch(/^claims's result\.data should be an array or Float32Array, got an object with keys length/);
  }, 60_000);

  it("a cell that never finishes being defined is left out with the reason; the other exercises are still checked", async () => {
    const { results, log } = await runSandboxed(program(downsample("good"), "function stuck() {}\nwhile (true) {}"), [check("good"), check("stuck")], 1, { timeoutMs: 1500, memoryMb: 256 });
    expect(results[0]).toMatchObject({ passed: true, score: 1 });
    expect(results[1].message).toBe("exercise 2 did not finish within 1.5 s (an infinite loop?) while it was being defined");
    expect(log).toContain("exercise 2 did not finish within 1.5 s (an infinite loop?) while it was being defined");
  }, 60_000);

  it("a check after a killed one runs in a fresh process with the program defined again", async () => {
    const { results } = await runSandboxed(program(downsample("loops", "for (;;) {}"), downsample("after")), [check("loops"), check("after")], 1, { timeoutMs: 1500, memoryMb: 256 });
    expect(results.map((r) => [r.name, r.passed, r.message])).toEqual([
      ["loops", false, "loops did not finish within 1.5 s (an infinite loop?)"],
      ["after", true, "passed 2 cases (output)"],
    ]);
  }, 60_000);

  it("stops when its signal is aborted", async () => {
    const controller = new AbortController();
    const running = runSandboxed(program(downsample("loops", "for (;;) {}")), [check("loops")], 1, { timeoutMs: 30_000, memoryMb: 256 }, controller.signal);
    setTimeout(() => controller.abort(), 500);
    const started = performance.now();
    await expect(running).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 60_000);
});

describe("processLauncher", () => {
  /** Runs a plain Node script as a sandbox process and collects the lines it sends. */
  async function probe(source: string): Promise<string[]> {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-walls-"));
    const script = join(dir, "probe.mjs");
    writeFileSync(script, source.replaceAll("$DIR", dir).replaceAll("$SCRIPT", script));
    const said: string[] = [];
    const sandbox = processLauncher(script, { timeoutMs: 10_000, memoryMb: 128 })((line) => said.push(line));
    expect(await sandbox.exited).toBeUndefined();
    return said;
  }

  it("starts its script under Node's permission model: it reads only itself, writes nothing, starts no process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-secret-"));
    writeFileSync(join(dir, "secret.txt"), "answers");
    // Plain Node code, outside any V8 context: what the process itself may do.
    const said = await probe(`
      import { readFileSync, writeFileSync } from "node:fs";
      import { execSync } from "node:child_process";
      const attempt = (name, f) => { try { f(); return name + ": allowed"; } catch (e) { return name + ": " + e.code; } };
      console.log([
        attempt("read itself", () => readFileSync("$SCRIPT")),
        attempt("read a file elsewhere", () => readFileSync(${JSON.stringify(join(dir, "secret.txt"))})),
        attempt("write", () => writeFileSync("$DIR/out.txt", "x")),
        attempt("spawn", () => execSync("true")),
      ].join("; "));
    `);
    expect(said).toEqual(["read itself: allowed; read a file elsewhere: ERR_ACCESS_DENIED; write: ERR_ACCESS_DENIED; spawn: ERR_ACCESS_DENIED"]);
  }, 60_000);

  it("gives it an empty environment and no arguments but its own file", async () => {
    const said = await probe(`console.log(JSON.stringify({ env: Object.keys(process.env), argv: process.argv.slice(1) }));`);
    expect(JSON.parse(said[0])).toEqual({ env: [], argv: [expect.stringMatching(/probe\.mjs$/)] });
  }, 60_000);

  it("has no network: a connection to a listener on this machine never arrives", async () => {
    expect(networkIsolation().prefix.length, networkIsolation().said).toBeGreaterThan(0);
    let connections = 0;
    const server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const said = await probe(`
        import { connect } from "node:net";
        const socket = connect(${port}, "127.0.0.1");
        socket.on("connect", () => { console.log("connected"); process.exit(0); });
        socket.on("error", (e) => { console.log("refused: " + e.code); process.exit(0); });
      `);
      expect(said[0]).toMatch(/^refused: (ENETUNREACH|ECONNREFUSED|EADDRNOTAVAIL)/);
      // The same script outside the sandbox does connect: the listener is real.
      await new Promise<void>((resolve, reject) => {
        const s = connect(port, "127.0.0.1", () => {
          s.destroy();
          resolve();
        });
        s.on("error", reject);
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(connections).toBe(1);
    } finally {
      server.close();
    }
  }, 60_000);
});

describe("supervise", () => {
  const spec = check("down");
  const source = downsample("down");
  /** A sandbox that answers as the in-process one would, then lets `lie` change or add lines. */
  const lying =
    (lie: (line: string, send: (l: string) => void) => void): LaunchSandbox =>
    (onLine) =>
      inProcessLaunch((line) => lie(line, onLine));

  it("compares and scores itself: a forged or malformed reply scores nothing and is noted", async () => {
    const forged = lying((line, send) => {
      const m = JSON.parse(line) as { id?: number; reply?: { value?: unknown } };
      if (m.reply && "value" in m.reply) {
        // A result for a request never made, then a wrong value for the real one.
        send(JSON.stringify({ id: 999, reply: { value: 1, log: [] } }));
        return send(JSON.stringify({ id: m.id, reply: { value: { $: "object", v: { shape: [1, 2, 4], data: [0, 0, 0, 0, 0, 0, 0, 0] } }, log: [] } }));
      }
      send(line);
    });
    const { results, log } = await supervise(forged, [compileProgramCell("exercise 1", "js", source)], [spec], 1, { timeoutMs: 5000 });
    expect(results[0]).toMatchObject({ passed: false, score: 0 });
    expect(results[0].message).toMatch(/^output is off in/);
    expect(log).toContain("the sandbox sent a reply to nothing the grader asked; it was ignored");
  });

  it("a sandbox that sends garbage or a message the protocol does not have is stopped, and the check fails with why", async () => {
    for (const [junk, why] of [
      ["not json", "sent a line that is not JSON"],
      ['{"type":"result","index":0,"result":{"passed":true,"score":100}}', "sent a message that is not a reply"],
    ]) {
      const garbage = lying((line, send) => send(line.includes('"value"') ? junk : line));
      const { results, log } = await supervise(garbage, [compileProgramCell("exercise 1", "js", source)], [spec], 1, { timeoutMs: 5000 });
      expect(results[0]).toMatchObject({ score: 0, message: `down ${why}` });
      expect(log).toContain(`the sandbox ${why}; it was stopped`);
    }
  });

  it("past the submission's time, the checks not yet run fail unchecked", async () => {
    const slow = downsample("down", "const t = Date.now(); while (Date.now() - t < 400) {}");
    const started = performance.now();
    const { results } = await supervise(inProcessLaunch, [compileProgramCell("exercise 1", "js", slow)], [spec, spec, spec], 1, { timeoutMs: 5000, submissionMs: 1000 });
    expect(performance.now() - started).toBeLessThan(4000);
    expect(results.map((r) => r.message).at(-1)).toBe("down was not checked: the submission ran out of its 1 s");
  });
});
