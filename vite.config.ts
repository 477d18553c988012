import { defineConfig } from "vitest/config";

export default defineConfig({
  root: ".",
  test: {
    // Gradient checks and golden cases are CPU-bound; the default 5 s is tight on 2 cores.
    testTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/browser/**"], sequence: { groupOrder: 0 } } },
      // The Chromium tests run after the others and one file at a time: each starts a dev
      // server and a browser, and the long-task check must not compete with the rest for 2 cores.
      { extends: true, test: { name: "browser", include: ["test/browser/**/*.test.ts"], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
