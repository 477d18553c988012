import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closest, commandHelp, parseCommandLine } from "../../cli/args.ts";
import { COMMANDS, commandNamed } from "../../cli/commands.ts";
import { main } from "../../cli/main.ts";
import { captured } from "../helpers/console.ts";

const root = new URL("../..", import.meta.url).pathname;
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;

describe("scanbook (main)", () => {
  it("--version, version and -V print the package's version", async () => {
    for (const flag of ["--version", "-V", "version"]) expect(await captured(() => main([flag]))).toMatchObject({ status: 0, out: version });
  });

  it("help, --help and -h list every command on stdout; no command at all is a usage error on stderr", async () => {
    for (const flag of ["help", "--help", "-h"]) {
      const { status, out } = await captured(() => main([flag]));
      expect(status).toBe(0);
      for (const c of COMMANDS) expect(out).toMatch(new RegExp(`^  ${c.name} +${c.summary.slice(0, 20).replace(/[()]/g, "\\$&")}`, "m"));
    }
    const none = await captured(() => main([]));
    expect(none.status).toBe(2);
    expect(none.out).toBe("");
    expect(none.err).toContain("usage: scanbook COMMAND");
  });

  it("COMMAND --help and help COMMAND show that command's options, without running it", async () => {
    for (const c of COMMANDS) {
      for (const line of [
        [c.name, "--help"],
        [c.name, "-h"],
        ["help", c.name],
        [c.name, "x.html", "--json", "--help"],
      ]) {
        const { status, out } = await captured(() => main(line));
        expect(status, line.join(" ")).toBe(0);
        expect(out).toBe(commandHelp(c));
      }
      for (const option of Object.keys(c.options)) expect(commandHelp(c)).toContain(`--${option}`);
    }
  });

  it('says "did you mean" for a misspelt command or option, on stderr with exit 2', async () => {
    const command = await captured(() => main(["grde", "a", "b"]));
    expect(command.status).toBe(2);
    expect(command.err).toContain('unknown command "grde" (did you mean grade?)');
    const help = await captured(() => main(["help", "exprt"]));
    expect(help).toMatchObject({ status: 2, out: "" });
    expect(help.err).toContain("did you mean export?");
    const option = await captured(() => main(["run", "x.html", "--tensor-budgte", "2"]));
    expect(option.status).toBe(2);
    expect(option.err).toContain("scanbook run: unknown option --tensor-budgte (did you mean --tensor-budget?)");
    expect(option.out).toBe("");
    const far = await captured(() => main(["frobnicate"]));
    expect(far.err).toContain('unknown command "frobnicate"');
    expect(far.err).not.toContain("did you mean");
  });
});

describe("parseCommandLine", () => {
  const run = commandNamed("run")!,
    exp = commandNamed("export")!;

  it("reads --option value and --option=value alike, -o, and repeated options", () => {
    expect(parseCommandLine(run, ["a.html", "--timeout", "5", "--edit", "w=1", "--edit=x=2", "--json"])).toEqual({
      values: { timeout: "5", edit: ["w=1", "x=2"], json: true },
      operands: ["a.html"],
    });
    expect(parseCommandLine(run, ["--timeout=5", "a.html"])).toEqual({ values: { timeout: "5" }, operands: ["a.html"] });
    expect(parseCommandLine(exp, ["a.html", "-o", "out"])).toEqual({ values: { out: "out" }, operands: ["a.html"] });
    expect(parseCommandLine(exp, ["a.html", "--out=out"])).toEqual({ values: { out: "out" }, operands: ["a.html"] });
    expect(parseCommandLine(run, ["--", "--odd-name.html"])).toEqual({ values: {}, operands: ["--odd-name.html"] });
  });

  it("says what is wrong with a missing value, a value given to a switch, or a value that looks like an option", () => {
    expect(parseCommandLine(run, ["a.html", "--timeout"])).toBe("--timeout needs SECONDS, got nothing");
    expect(parseCommandLine(exp, ["a.html", "-o"])).toBe("--out needs OUT, got nothing");
    expect(parseCommandLine(run, ["a.html", "--json=yes"])).toBe("--json takes no value");
    expect(parseCommandLine(run, ["a.html", "--timeout", "-5"])).toBe("--timeout needs SECONDS, got -5 (write --timeout=-5 for a value that starts with -)");
    expect(parseCommandLine(run, ["a.html", "--frobnicate"])).toBe("unknown option --frobnicate");
    expect(parseCommandLine(run, ["a.html", "--jsn"])).toBe("unknown option --jsn (did you mean --json?)");
  });

  it("closest suggests only what is near", () => {
    expect(closest("serv", ["serve", "run"])).toBe("serve");
    expect(closest("--timeotu", ["--timeout", "--json"])).toBe("--timeout");
    expect(closest("xyz", ["serve", "run"])).toBeUndefined();
  });
});

describe("the same syntax in every command", () => {
  it("--timeout=N and --timeout N both reach the command (run: a bad value is refused alike)", async () => {
    const spaced = await captured(() => main(["run", "nowhere.html", "--timeout", "0"]));
    const joined = await captured(() => main(["run", "nowhere.html", "--timeout=0"]));
    expect(spaced.status).toBe(2);
    expect(joined).toEqual(spaced);
    expect(spaced.err).toMatch(/^scanbook run: .*timeout/);
  });

  it("grade's numbers are checked the same way in both spellings", async () => {
    for (const line of [["--jobs", "0"], ["--jobs=0"]]) {
      const { status, err } = await captured(() => main(["grade", "a", "b", ...line]));
      expect(status).toBe(2);
      expect(err).toContain("scanbook grade: --jobs needs a number from 1 to");
    }
  });
});

describe("scanbook new", () => {
  it("writes a starter notebook that runs, refuses to overwrite it, and overwrites it with --force", () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-new-"));
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/scanbook.js"), ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, INIT_CWD: dir } });
    const made = cli("new", "edge-finder");
    expect(made.status, made.stderr).toBe(0);
    expect(existsSync(join(dir, "edge-finder.html"))).toBe(true);
    expect(readFileSync(join(dir, "edge-finder.html"), "utf8")).toContain("<title>Edge finder</title>");
    const again = cli("new", "edge-finder.html");
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("edge-finder.html exists already (--force overwrites it)");
    expect(cli("new", "edge-finder", "--force").status).toBe(0);
    expect(cli("new").status).toBe(2);
    const run = cli("run", "edge-finder.html", "--json");
    expect(run.status, run.stderr).toBe(0);
    const cells = (JSON.parse(run.stdout) as { cells: Array<{ name: string; status: string }> }).cells;
    expect(cells.filter((c) => c.status !== "ok")).toEqual([]);
    expect(cells.map((c) => c.name)).toEqual(expect.arrayContaining(["image", "filters", "maps"]));
  }, 60_000);
});
