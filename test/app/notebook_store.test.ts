import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NotebookStore } from "../../app/server/notebook_store.ts";
import { notebookHtml } from "../helpers/notebooks.ts";

describe("NotebookStore.list", () => {
  it("lists the notebooks of a course's folder: nested ones, not node_modules, hidden folders or other pages", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scanbook-store-"));
    const notebook = notebookHtml(["const a = 1"]);
    for (const path of ["b.html", "week1/a.html", "node_modules/scanbook/notebooks/lenet.html", ".git/x.html", "week1/.cache/y.html"]) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), notebook);
    }
    writeFileSync(join(dir, "report.html"), "<!doctype html><html><body><h1>an exported report</h1></body></html>");
    mkdirSync(join(dir, "odd.html")); // a folder with a notebook's extension
    expect(await new NotebookStore(dir).list()).toEqual(["b.html", "week1/a.html"]);
  });

  it("lists nothing for a folder that is not there", async () => {
    expect(await new NotebookStore(join(tmpdir(), "scanbook-no-such-folder")).list()).toEqual([]);
  });
});
