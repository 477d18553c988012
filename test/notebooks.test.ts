import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectSelfContained } from "./helpers/reports.ts";

const root = new URL("..", import.meta.url).pathname;
const files = readdirSync(join(root, "notebooks"))
  .filter((f) => f.endsWith(".html"))
  .sort();

describe("bundled notebooks", () => {
  it("are all there: the lecture's twelve, the two on modern blocks and the examples", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "scanning_for_a_word.html",
        "scanning_for_a_flower.html",
        "scanning_mlp_cnn.html",
        "distributed_scanning.html",
        "convolution_arithmetic.html",
        "receptive_fields.html",
        "pooling.html",
        "time_delay_network.html",
        "backpropagation.html",
        "shared_parameters.html",
        "training.html",
        "digits.html",
        "residual_networks.html",
        "normalization.html",
        "lenet.html",
        "lenet_live.html",
        "playground.html",
        "scanning.html",
      ]),
    );
  });

  // One headless run of every notebook, as a user exports the folder (`scanbook export`
  // refuses a notebook with a cell that failed or did not settle, so exit 0 is every cell ok
  // in every notebook); digits.html trains in it, once.
  it("all run headless with every cell ok and export into a folder with an index; each report self-contained, pre-rendered and live; digits.html trains to at least 95% held-out accuracy", () => {
    const out = mkdtempSync(join(tmpdir(), "scanbook-export-"));
    const started = performance.now();
    const r = spawnSync(process.execPath, [join(root, "bin/scanbook.js"), "export", join(root, "notebooks"), "-o", out], { encoding: "utf8", cwd: root, timeout: 600_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const file of files) {
      const html = readFileSync(join(out, file), "utf8");
      expectSelfContained(html);
      // Live: the notebook's source and the app's script ride along, inline.
      expect(html).toContain('<script type="application/json" id="scanbook-notebook">');
      expect(html).toMatch(/<script type="application\/octet-stream;base64" id="scanbook-script">[A-Za-z0-9+/=]{100000,}<\/script>/);
      expect(html).toContain('<script type="module">');
      // The digits travel only with the notebooks that read them.
      const source = readFileSync(join(root, "notebooks", file), "utf8");
      expect(html.includes('id="scanbook-digits"'), file).toBe(/\bmnist\(/.test(source));
      const viewCalls = (source.match(/\b(featureMaps|filters|gradientMaps|scoreBars|lossCurve|summaryTable|sharedWeight|scanAnimation|trainingProgress)\(/g) ?? []).length;
      expect((html.match(/<figure/g) ?? []).length, file).toBeGreaterThanOrEqual(viewCalls);
      console.log(`export ${file}: ${(statSync(join(out, file)).size / 1024).toFixed(0)} KiB live, ${(html.match(/<svg/g) ?? []).length} SVG figures`);
    }
    const index = readFileSync(join(out, "index.html"), "utf8");
    for (const file of files) expect(index).toContain(`href="${file}"`);
    expect(r.stdout.trim().split("\n")).toHaveLength(files.length);
    // Notebook 12: the LeNet-size CNN trained on MNIST, its held-out accuracy as the report shows it.
    const digits = readFileSync(join(out, "digits.html"), "utf8");
    const accuracy = /Held-out accuracy: <strong>([\d.]+)%<\/strong> after (\d+) epoch/.exec(digits);
    expect(accuracy, "the digits report states its held-out accuracy").not.toBeNull();
    console.log(`digits.html: held-out accuracy ${accuracy![1]}% after ${accuracy![2]} epoch(s); the whole export: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(Number(accuracy![1])).toBeGreaterThanOrEqual(95);
  }, 600_000);
});
