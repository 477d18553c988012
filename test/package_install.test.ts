import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium } from "playwright-core";
import { expectSelfContained } from "./helpers/reports.ts";

// The package as users get it: `npm pack`, the tarball installed (offline, from npm's cache)
// into an empty folder with two notebooks of its own, every command run from that folder.
// The folder has no tsx, no TypeScript sources of scanbook and no devDependencies.

const root = new URL("..", import.meta.url).pathname;
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), "scanbook-installed-"));
const course = join(work, "course");
/** Where the commands make their temporary folders: it must be empty once each has finished. */
const commandTmp = join(work, "tmp");
let tarball = "";

function scanbook(...args: string[]) {
  const child = spawnSync(join(course, "node_modules/.bin/scanbook"), args, {
    cwd: course,
    encoding: "utf8",
    timeout: 180_000,
    env: { ...process.env, INIT_CWD: course, TMPDIR: commandTmp, SCANBOOK_BUILT: "" },
  });
  return { status: child.status, out: child.stdout, err: child.stderr };
}

beforeAll(() => {
  const packed = spawnSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: root, encoding: "utf8" });
  expect(packed.status, packed.stderr).toBe(0);
  tarball = join(work, packed.stdout.trim().split("\n").pop()!);
  mkdirSync(course);
  mkdirSync(commandTmp);
  writeFileSync(join(course, "package.json"), JSON.stringify({ name: "course", private: true }));
  const installed = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: course, encoding: "utf8", timeout: 300_000 });
  expect(installed.status, installed.stderr).toBe(0);
  for (const name of ["pooling.html", "scanning.html"]) cpSync(join(root, "notebooks", name), join(course, name));
}, 400_000);

describe("the packed package", () => {
  it("holds the built JavaScript, the bin and the notebooks, and no tests, fixtures, CI or TypeScript sources", () => {
    const files = spawnSync("tar", ["-tzf", tarball], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
    for (const needed of [
      "package/bin/scanbook.js",
      "package/dist/cli/main.js",
      "package/dist/cells/index.js",
      "package/dist/cells/index.d.ts",
      "package/dist/client/main.js",
      "package/dist/report/live_bundle.json",
      "package/dist/sandbox/sandbox.mjs",
      "package/LICENSE",
      "package/README.md",
    ]) {
      expect(files).toContain(needed);
    }
    expect(files.filter((f) => /^package\/(test|\.ci|scripts|cli|kernel|cells|app|bench)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    // What it runs with: no TypeScript loader, no development dependency.
    expect(existsSync(join(course, "node_modules/tsx"))).toBe(false);
    expect(existsSync(join(course, "node_modules/vitest"))).toBe(false);
  });

  it("answers --version and --help", () => {
    expect(scanbook("--version")).toMatchObject({ status: 0, out: `${version}\n` });
    const help = scanbook("--help");
    expect(help.status).toBe(0);
    for (const command of ["run", "export", "serve", "new", "import", "assign", "grade"]) expect(help.out).toMatch(new RegExp(`^  ${command} `, "m"));
  });

  it("runs a notebook of the folder: every cell ok", () => {
    const run = scanbook("run", "pooling.html", "--json");
    expect(run.status, run.err).toBe(0);
    const cells = (JSON.parse(run.out) as { cells: Array<{ name: string; status: string }> }).cells;
    expect(cells.find((c) => c.name === "features")?.status).toBe("ok");
    expect(cells.every((c) => c.status === "ok")).toBe(true);
  });

  it("exports live reports (a folder with an index) and a static one, self-contained", () => {
    const live = scanbook("export", "pooling.html", "scanning.html", "-o", "reports");
    expect(live.status, live.err).toBe(0);
    expect(readdirSync(join(course, "reports")).sort()).toEqual(["index.html", "pooling.html", "scanning.html"]);
    const report = readFileSync(join(course, "reports/pooling.html"), "utf8");
    expectSelfContained(report);
    expect(report).toContain('id="scanbook-script"');
    const still = scanbook("export", "scanning.html", "-o", "scanning-static.html", "--static");
    expect(still.status, still.err).toBe(0);
    const html = readFileSync(join(course, "scanning-static.html"), "utf8");
    expectSelfContained(html);
    expect(html).not.toMatch(/<script\b(?![^>]*type="application\/json")/i);
  });

  it("writes a starter notebook with new, which runs", () => {
    expect(scanbook("new", "first-steps").status).toBe(0);
    expect(scanbook("new", "first-steps").status).toBe(1); // not overwritten
    const run = scanbook("run", "first-steps.html", "--json");
    expect(run.status, run.err).toBe(0);
    const cells = (JSON.parse(run.out) as { cells: Array<{ name: string; status: string; summary: { shape?: number[] } }> }).cells;
    expect(cells.map((c) => c.name)).toEqual(expect.arrayContaining(["image", "filters", "maps"]));
    expect(cells.every((c) => c.status === "ok")).toBe(true);
    expect(cells.find((c) => c.name === "maps")?.summary.shape).toEqual([1, 2, 28, 28]);
  });

  it("imports an ONNX model as a notebook, which runs on the weights written beside it", () => {
    const made = scanbook("import", join(process.cwd(), "test/fixtures/interop/tdnn.onnx"), "-o", "tdnn.html");
    expect(made.status, made.err).toBe(0);
    expect(existsSync(join(course, "tdnn.weights.safetensors"))).toBe(true);
    const run = scanbook("run", "tdnn.html", "--json");
    expect(run.status, run.err).toBe(0);
    const cells = (JSON.parse(run.out) as { cells: Array<{ name: string; status: string; summary: { shape?: number[] } }> }).cells;
    expect(cells.every((c) => c.status === "ok")).toBe(true);
    expect(cells.find((c) => c.name === "output")?.summary.shape).toEqual([1, 1]);
  });

  it("makes an assignment and grades a submission", () => {
    cpSync(join(course, "node_modules/scanbook/notebooks/assignment_cnn.html"), join(course, "assignment_cnn.html"));
    const assigned = scanbook("assign", "assignment_cnn.html", "-o", "assigned");
    expect(assigned.status, assigned.err).toBe(0);
    expect(assigned.out).toContain("the solutions score 100 / 100");
    const graded = scanbook("grade", "assigned/grader", "assignment_cnn.html", "assigned/student", "-o", "graded", "--jobs", "2");
    expect(graded.status, graded.err).toBe(0);
    const csv = readFileSync(join(course, "graded/grades.csv"), "utf8");
    expect(csv).toMatch(/assignment_cnn.*,100(\.0+)?,100/); // the solutions, graded as a submission
    expect(csv.trim().split("\n")).toHaveLength(3); // a header and two submissions
  });

  it("packs itself for a Gradescope autograder from the installed copy (built already, no lockfile)", () => {
    const made = scanbook("assign", "assignment_cnn.html", "-o", "autograder", "--gradescope", "--no-validate");
    expect(made.status, made.err).toBe(0);
    const tarballs = readdirSync(join(course, "autograder/gradescope")).filter((f) => f.endsWith(".tgz"));
    expect(tarballs).toEqual([`scanbook-${version}.tgz`]);
    const inside = spawnSync("tar", ["-tzf", join(course, "autograder/gradescope", tarballs[0])], { encoding: "utf8" }).stdout;
    expect(inside).toContain("package/dist/sandbox/sandbox.mjs");
    expect(readFileSync(join(course, "autograder/gradescope/setup.sh"), "utf8")).toContain("npm install --omit=dev");
  });

  it("bench says what it lacks (TensorFlow.js, a development dependency) instead of crashing", () => {
    const bench = scanbook("bench", "--quick", "--only", "a");
    expect(bench.status).toBe(2);
    expect(bench.err).toContain("TensorFlow.js, which is not installed here");
  });

  it('imports as "scanbook" from the folder\'s own code and computes', () => {
    const script = `import {tensor, conv2d, LIBRARY_NAMES} from "scanbook";
const y = conv2d(tensor([[[[1, 2], [3, 4]]]]), {weight: tensor([[[[2]]]])});
console.log(JSON.stringify({data: Array.from((await y.read()).data), names: LIBRARY_NAMES.length}));`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: course, encoding: "utf8" });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ data: [2, 4, 6, 8] });
  });

  it('builds with Observable Notebook Kit\'s own `notebooks build`, which resolves "scanbook"', () => {
    const built = spawnSync(join(course, "node_modules/.bin/notebooks"), ["build", "--root", ".", "-o", "site", "--", "pooling.html"], { cwd: course, encoding: "utf8", timeout: 180_000 });
    expect(built.status, built.stderr).toBe(0);
    expect(readFileSync(join(course, "site/pooling.html"), "utf8")).toContain("Pooling and jitter");
  }, 200_000);

  it("leaves nothing in its temporary folder once each command has finished", () => {
    expect(readdirSync(commandTmp)).toEqual([]);
  });
});

describe("scanbook serve --dir . from the installed package", () => {
  let server: ChildProcess | undefined;
  let url = "";
  beforeAll(async () => {
    server = spawn(join(course, "node_modules/.bin/scanbook"), ["serve", "--dir", ".", "--port", "0", "--host", "127.0.0.1"], {
      cwd: course,
      env: { ...process.env, INIT_CWD: course, TMPDIR: commandTmp },
      stdio: ["ignore", "pipe", "pipe"],
    });
    url = await new Promise<string>((resolve, reject) => {
      let seen = "";
      const timer = setTimeout(() => reject(new Error(`serve did not say where it listens: ${seen}`)), 60_000);
      server!.stdout!.on("data", (chunk) => {
        seen += String(chunk);
        const found = /http:\/\/127\.0\.0\.1:\d+/.exec(seen.replace(/\x1b\[[0-9;]*m/g, ""));
        if (found) {
          clearTimeout(timer);
          resolve(found[0]);
        }
      });
      server!.on("exit", (code) => reject(new Error(`serve exited ${code}: ${seen}`)));
    });
  }, 90_000);
  afterAll(() => {
    server?.kill();
  });

  it("lists the folder's notebooks (not node_modules), serves a page and its script", async () => {
    const index = await (await fetch(`${url}/`)).text();
    expect(index).toContain('href="/notebooks/pooling.html"');
    expect(index).toContain('href="/notebooks/scanning.html"');
    expect(index).not.toContain("node_modules");
    const page = await (await fetch(`${url}/notebooks/pooling.html`)).text();
    const script = /<script type="module" src="(\/client\/[^"]+)"/.exec(page)?.[1];
    expect(script).toBe("/client/main.js"); // the built page, not TypeScript through Vite
    const response = await fetch(`${url}${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    expect((await fetch(`${url}/client/../package.json`)).status).toBe(404);
  });

  it("opens in Chromium, where every cell computes", async () => {
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${url}/notebooks/pooling.html`);
      await page.waitForFunction(() => (globalThis as { scanbook?: unknown }).scanbook !== undefined, undefined, { timeout: 60_000 });
      const cells = await page.evaluate(async () => {
        const kernel = (globalThis as unknown as { scanbook: { kernel: { settled(): Promise<void>; cells(): Array<{ name: string; status: string }> } } }).scanbook.kernel;
        await kernel.settled();
        return kernel.cells().map((c) => ({ name: c.name, status: c.status }));
      });
      expect(cells.length).toBeGreaterThan(10);
      expect(cells.filter((c) => c.status !== "ok")).toEqual([]);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await page.locator("figure svg, figure canvas").count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
