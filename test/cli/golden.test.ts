import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { golden } from "../../cli/golden.ts";

const fixture = new URL("../fixtures/pytorch-cases.json", import.meta.url).pathname;

async function captured(run: () => Promise<number>): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [],
    err: string[] = [];
  vi.spyOn(console, "log").mockImplementation((l: string) => {
    out.push(l);
  });
  vi.spyOn(console, "error").mockImplementation((l: string) => {
    err.push(l);
  });
  const status = await run();
  vi.restoreAllMocks();
  return { status, out, err };
}

describe("golden", () => {
  afterEach(() => vi.restoreAllMocks());

  it("passes every case of the PyTorch file on both backends and ends with the count line", async () => {
    for (const backend of ["wasm", "js"]) {
      const { status, out, err } = await captured(() => golden([fixture, "--backend", backend]));
      expect(out.at(-1), backend).toBe("186 passed, 0 failed");
      expect(status).toBe(0);
      expect(err[0]).toMatch(backend === "wasm" ? /^golden: WebAssembly SIMD kernels/ : /^golden: the reference backend/);
    }
  });

  it("exits 1 and names the failing case when one is wrong", async () => {
    const file = JSON.parse(readFileSync(fixture, "utf8"));
    file.cases = file.cases.slice(0, 3);
    file.cases[1].output.data[0] += 1;
    const path = join(mkdtempSync(join(tmpdir(), "golden-")), "cases.json");
    writeFileSync(path, JSON.stringify(file));
    const { status, out } = await captured(() => golden([path, "--dtype", "float64"]));
    expect(out[0]).toMatch(new RegExp(`^FAIL ${file.cases[1].id} \\(${file.cases[1].op}\\): output: element 0`));
    expect(out.at(-1)).toBe("2 passed, 1 failed");
    expect(status).toBe(1);
  });

  it("exits 2 for a bad command line or an unreadable file", async () => {
    expect((await captured(() => golden([]))).status).toBe(2);
    expect((await captured(() => golden([fixture, "--dtype", "int8"]))).status).toBe(2);
    expect((await captured(() => golden([fixture, "--backend", "gpu"]))).status).toBe(2);
    const missing = await captured(() => golden(["/nonexistent/cases.json"]));
    expect(missing.status).toBe(2);
    expect(missing.err[0]).toMatch(/^golden: cannot read \/nonexistent\/cases.json/);
  });

  it("runs as `npm run golden -- FILE` through the scanbook bin", () => {
    const root = new URL("../..", import.meta.url).pathname;
    const stdout = execFileSync("node", [join(root, "bin/scanbook.js"), "golden", fixture], { encoding: "utf8" });
    expect(stdout.trim().split("\n").at(-1)).toBe("186 passed, 0 failed");
    const bad = spawnSync("node", [join(root, "bin/scanbook.js"), "frobnicate"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "frobnicate"/);
  });
});
