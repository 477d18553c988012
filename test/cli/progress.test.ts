import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { eta, Progress, trainingLine } from "../../cli/progress.ts";
import { notebookHtml } from "../helpers/notebooks.ts";

/** A stream that says it is a terminal, keeping what is written to it. */
function terminal(columns = 80, isTTY = true) {
  const written: string[] = [];
  return { stream: { isTTY, columns, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
}

describe("Progress", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("redraws one status line on a terminal, cut to its width", () => {
    vi.stubEnv("CI", "");
    const { stream, written } = terminal(30);
    const progress = new Progress(false, stream);
    progress.update("export 1/3: lenet.html");
    progress.update("export 2/3: a notebook with a very long name.html");
    progress.done();
    expect(written).toEqual(["\r\x1b[2Kexport 1/3: lenet.html", "\r\x1b[2Kexport 2/3: a notebook with …", "\r\x1b[2K"]);
  });

  it("writes nothing when stderr is not a terminal, in CI, or when asked to be quiet (--json)", () => {
    vi.stubEnv("CI", "");
    for (const [progress, written] of [
      (() => {
        const t = terminal(80, false);
        return [new Progress(false, t.stream), t.written] as const;
      })(),
      (() => {
        const t = terminal();
        return [new Progress(true, t.stream), t.written] as const;
      })(),
    ]) {
      progress.update("graded 1 of 3");
      progress.done();
      expect(progress.enabled).toBe(false);
      expect(written).toEqual([]);
    }
    vi.stubEnv("CI", "true");
    const { stream, written } = terminal();
    new Progress(false, stream).update("graded 1 of 3");
    expect(written).toEqual([]);
  });

  it("says how long the rest should take at the pace so far, and a training's epoch, loss and accuracy", () => {
    expect(eta(0, 10, 5000)).toBe("");
    expect(eta(2, 10, 20_000)).toBe("about 1 min 20 s left");
    expect(eta(10, 10, 20_000)).toBe("");
    expect(trainingLine("fit", { epoch: 2, epochs: 10, loss: 0.31234, accuracy: 0.9123 })).toBe("training fit: epoch 3/10, loss 0.3123, accuracy 91.2%");
    expect(trainingLine("fit", { epoch: 0, epochs: 5, loss: null, accuracy: null })).toBe("training fit: epoch 1/5");
  });
});

describe("progress of scanbook run on a terminal", () => {
  const bin = new URL("../../bin/scanbook.js", import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), "scanbook-progress-"));
  writeFileSync(join(dir, "small.html"), notebookHtml(['import {tensor, relu} from "scanbook"', "const x = tensor([[-1, 2]])", "const y = relu(x)"]));
  /** The command under a pseudo-terminal (util-linux's script), as a user at a prompt sees it. */
  const atTerminal = (args: string, env: Record<string, string> = {}) =>
    spawnSync("script", ["-qec", `node ${bin} ${args}`, "/dev/null"], { cwd: dir, encoding: "utf8", env: { ...process.env, CI: "", INIT_CWD: dir, ...env } }).stdout;

  it("shows cells settled of all while it runs; nothing of it with --json or in CI", () => {
    const shown = atTerminal("run small.html");
    expect(shown).toMatch(/\r\x1b\[2Ksmall\.html: \d of 3 cells settled/);
    expect(shown).toContain("\r\x1b[2Ksmall.html: 3 of 3 cells settled");
    expect(shown).toMatch(/y +ok +tensor \[1, 2\]/);
    expect(atTerminal("run small.html --json")).not.toContain("cells settled");
    expect(atTerminal("run small.html", { CI: "true" })).not.toContain("cells settled");
  }, 60_000);
});
