import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Before any test: the package's build (dist/), once, so the tests that pack the package
 * (the tarball test, `assign --gradescope`) find it up to date instead of building it at the
 * same time into the same folder. And one temporary folder for the whole run (TMPDIR, which
 * the test workers and every process they start inherit), removed at the end: what tests and
 * the commands they run leave in it does not pile up in /tmp.
 */
export default function setup(): () => void {
  // Each test project inherits this setup; the first to run does the work.
  if (process.env.SCANBOOK_TEST_TMP) return () => {};
  const built = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/build.ts"], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
  // A short name: Chromium's profile lock is a Unix socket below it, and those paths are limited to 108 bytes.
  const dir = mkdtempSync(join(tmpdir(), "sbt-"));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = process.env.SCANBOOK_TEST_TMP = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.SCANBOOK_TEST_TMP;
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  };
}
