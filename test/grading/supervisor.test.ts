import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileProgramCell } from "../../kernel/grading/compile_program.ts";
import { processLauncher, runSandboxed } from "../../kernel/grading/node/supervisor.ts";
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

describe("runSandboxed", () => {
  it("gives the student's code no way out: no process, require, import, network or the caller's realm", async () => {
    const attempts: Record<string, string> = {
      process: "process.exit(3)",
      require: "require('node:fs')",
      fetch: "fetch('http://127.0.0.1/')",
      timers: "setTimeout(() => {}, 1)",
      realm: "x.constructor.constructor('return process')().exit(3)",
      imported: "eval('imp' + 'ort(\"node:fs\")').then(() => {}); throw new Error('import started')",
    };
    // The functions are named try_process etc., so the names they reach for are not their own.
    const names = Object.keys(attempts).map((n) => `try_${n}`);
    const { results } = await runSandboxed(
      program(...names.map((n) => downsample(n, attempts[n.slice(4)]))), names.map(check), 1, { timeoutMs: 5000, memoryMb: 256 },
    );
    const said = Object.fromEntries(results.map((r) => [r.name.slice(4), r.message]));
    // A name the cell does not define is an input of the cell (as in Notebook Kit), and nothing provides it.
    const unavailable = (name: string) => new RegExp(`^try_\\w+ threw: (ReferenceError: ${name} is not defined|TypeError: (Cannot read properties of undefined|${name} is not a function))`);
    expect(said.process).toMatch(unavailable("process"));
    expect(said.require).toMatch(unavailable("require"));
    expect(said.fetch).toMatch(unavailable("fetch"));
    expect(said.timers).toMatch(unavailable("setTimeout"));
    // The arguments were made inside the sandbox: their constructors lead to its own Function, whose global has no process.
    expect(said.realm).toMatch(unavailable("process"));
    expect(said.imported).toMatch(/^try_imported threw: import started/);
    expect(results.every((r) => !r.passed)).toBe(true);
  }, 60_000);

  it("a cell that never finishes being defined is left out with the reason; the other exercises are still checked", async () => {
    const { results, log } = await runSandboxed(
      program(downsample("good"), "function stuck() {}\nwhile (true) {}"),
      [check("good"), check("stuck")], 1, { timeoutMs: 1500, memoryMb: 256 },
    );
    expect(results[0]).toMatchObject({ passed: true, score: 1 });
    expect(results[1].message).toBe("exercise 2 did not finish within 1.5 s (an infinite loop?) while it was being defined");
    expect(log).toContain("exercise 2 did not finish within 1.5 s (an infinite loop?) while it was being defined");
  }, 60_000);

  it("a check after a killed one runs in a fresh process with the program defined again", async () => {
    const { results } = await runSandboxed(
      program(downsample("loops", "for (;;) {}"), downsample("after")),
      [check("loops"), check("after")], 1, { timeoutMs: 1500, memoryMb: 256 },
    );
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
  it("starts its script under Node's permission model: it reads only itself, writes nothing, starts no process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-walls-"));
    const script = join(dir, "probe.mjs");
    const secret = join(dir, "secret.txt");
    writeFileSync(secret, "answers");
    // Plain Node code, outside any V8 context: what the process itself may do.
    writeFileSync(script, `
      import { readFileSync, writeFileSync } from "node:fs";
      import { execSync } from "node:child_process";
      const attempt = (name, f) => { try { f(); return name + ": allowed"; } catch (e) { return name + ": " + e.code; } };
      const said = [
        attempt("read itself", () => readFileSync(${JSON.stringify(script)})),
        attempt("read a file beside it", () => readFileSync(${JSON.stringify(secret)})),
        attempt("write", () => writeFileSync(${JSON.stringify(join(dir, "out.txt"))}, "x")),
        attempt("spawn", () => execSync("true")),
      ];
      process.stdout.write(JSON.stringify({ type: "cell", label: said.join("; ") }) + "\\n");
      process.stdout.write(JSON.stringify({ type: "done" }) + "\\n");
    `);
    const said: string[] = [];
    const sandbox = processLauncher(script, { timeoutMs: 10_000, memoryMb: 128 })({ program: [], checks: [], seed: 1, from: 0 }, (m) => {
      if (m.type === "cell") said.push(m.label);
    });
    expect(await sandbox.exited).toBeUndefined();
    expect(said).toEqual(["read itself: allowed; read a file beside it: ERR_ACCESS_DENIED; write: ERR_ACCESS_DENIED; spawn: ERR_ACCESS_DENIED"]);
  }, 60_000);
});
