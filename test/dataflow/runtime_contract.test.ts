import { Runtime } from "@observablehq/runtime";
import { describe, expect, it } from "vitest";

// The kernel reads a few of the runtime's private fields where it has no public API: when every
// variable has settled (_computing, _compute), which variables are reachable and their current
// values (_variables, _reachable, _value). package.json pins the runtime's exact version; this
// test fails if a new version changes any of them, before the kernel misbehaves.
describe("@observablehq/runtime internals the kernel reads (notebook.ts)", () => {
  it("_variables holds each variable with _reachable and _value; _compute settles; _computing is null after", async () => {
    const runtime = new Runtime();
    const module = runtime.module();
    const seen: unknown[] = [];
    module.variable({ fulfilled: (v: unknown) => seen.push(v) }).define("b", ["a"], (a: number) => a * 2);
    module.variable(true).define("a", [], () => 21);
    module.variable().define("unused", [], () => "never computed");
    expect(runtime._variables).toBeInstanceOf(Set);
    expect(typeof runtime._compute).toBe("function");
    await runtime._compute();
    await new Promise((resolve) => setTimeout(resolve, 10)); // the variables' promises settle after the computation
    expect(runtime._computing).toBeNull();
    const byName = new Map([...runtime._variables].map((v) => [v._name, v]));
    expect(byName.get("b")?._reachable).toBe(true);
    expect(byName.get("b")?._value).toBe(42);
    expect(byName.get("unused")?._reachable).toBe(false);
    expect(byName.get("unused")?._value).toBeUndefined();
    expect(seen).toEqual([42]);
    runtime.dispose();
  });

  it("the version installed is the version pinned", async () => {
    const { readFileSync } = await import("node:fs");
    const pinned = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { dependencies: Record<string, string> }).dependencies["@observablehq/runtime"];
    const installed = (JSON.parse(readFileSync(new URL("../../node_modules/@observablehq/runtime/package.json", import.meta.url), "utf8")) as { version: string }).version;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(installed).toBe(pinned);
  });
});
