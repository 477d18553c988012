import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that start processes (the CLI, sandboxes, a whole export) take most of the time;
 * they start first, so on a fresh clone (no timings cached yet) the short files fill the
 * other worker around them instead of leaving one of them to run alone at the end.
 */
const LONG_FIRST = ["test/package_install.test.ts", "test/notebooks.test.ts", "test/cli/"];
class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const long = (f: TestSpecification) => LONG_FIRST.some((p) => f.moduleId.includes(`/${p}`));
    return [...sorted.filter(long), ...sorted.filter((f) => !long(f))];
  }
}

export default defineConfig({
  root: ".",
  test: {
    globalSetup: ["test/global_setup.ts"],
    // Gradient checks and golden cases are CPU-bound; the default 5 s is tight on 2 cores.
    testTimeout: 60_000,
    sequence: { sequencer: LongFirst },
    // Three test files at once on two cores: the files that start processes spend much of
    // their time waiting on them (a sandbox's time limit, a child's startup), and a third
    // file fills that time. The browser files still run one at a time, after the others.
    maxWorkers: 3,
    projects: [
      // One module graph per worker (isolate: false): the engine, jsdom and Notebook Kit load
      // once per worker instead of once per file. Tests keep their state in their own scope.
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/browser/**"], isolate: false, sequence: { groupOrder: 0 } } },
      // The Chromium tests run after the others and one file at a time: each starts a dev
      // server and a browser, and the long-task check must not compete with the rest for 2 cores.
      { extends: true, test: { name: "browser", include: ["test/browser/**/*.test.ts"], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
