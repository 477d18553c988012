import { defineConfig } from "vitest/config";

export default defineConfig({
  root: ".",
  test: {
    include: ["test/**/*.test.ts"],
    // Gradient checks and golden cases are CPU-bound; the default 5 s is tight on 2 cores.
    testTimeout: 60_000,
  },
});
