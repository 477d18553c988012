import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readOnnx } from "../../kernel/interop/onnx.ts";
import { readSafetensors } from "../../kernel/interop/safetensors.ts";
import { openNotebook, screenshot, settled, stats, useBrowserApp } from "./harness.ts";

const browser = useBrowserApp();
const root = process.cwd();

describe("an imported ONNX model in the page", () => {
  it("opens with its weights read beside it (FileAttachment), draws its maps, and an edit recomputes only what follows", async () => {
    const made = spawnSync(process.execPath, [join(root, "bin/scanbook.js"), "import", join(root, "test/fixtures/interop/resnet_tiny.onnx"), "-o", join(browser.app().dir, "resnet_tiny.html")], {
      encoding: "utf8",
    });
    expect(made.status, made.stderr).toBe(0);
    const page = await openNotebook(browser.context(), browser.app(), "resnet_tiny.html");
    const cells = await page.evaluate(() => (globalThis as any).scanbook.kernel.cells().map((c: any) => [c.name, c.status, c.error ? String(c.error) : ""]));
    expect(cells.filter((c: string[]) => c[1] !== "ok")).toEqual([]);
    expect(await page.locator(".feature-maps figcaption").allTextContents()).toEqual([
      "relu_0 · relu · [1, 8, 14, 14] · shared scale",
      "block_relu · relu · [1, 8, 14, 14] · shared scale",
      "block_conv2 · conv2d · [1, 8, 14, 14] · shared scale",
    ]);
    expect(await page.locator(".summary-table tbody tr").count()).toBeGreaterThan(8);
    const before = await stats(page);
    // A new input of two samples: every layer after it computes again, no weight is read again.
    await page.evaluate(() => (globalThis as any).scanbook.kernel.setCell({ id: 4, mode: "js", value: "const input = randn([2, 1, 28, 28], {seed: 5})", pinned: true, hidden: false }));
    await settled(page);
    const after = await stats(page);
    expect(after.output.runs).toBe(before.output.runs + 1);
    expect(after.stem_weight.runs).toBe(before.stem_weight.runs);
    expect(after.weights.runs).toBe(before.weights.runs);
    expect(await page.evaluate(() => (globalThis as any).scanbook.kernel.cells().find((c: any) => c.name === "output").value.shape)).toEqual([2, 10]);
    await screenshot(page, "interop-resnet-tiny");
    await page.close();
  });

  it("says which file is missing when the weights are not beside the notebook", async () => {
    const made = spawnSync(process.execPath, [join(root, "bin/scanbook.js"), "import", join(root, "test/fixtures/interop/tdnn.onnx"), "-o", join(browser.app().dir, "tdnn.html")], {
      encoding: "utf8",
    });
    expect(made.status, made.stderr).toBe(0);
    spawnSync("rm", [join(browser.app().dir, "tdnn.weights.safetensors")]);
    const page = await openNotebook(browser.context(), browser.app(), "tdnn.html");
    const weights = await page.evaluate(() => (globalThis as any).scanbook.kernel.cells().find((c: any) => c.name === "weights"));
    expect(weights.status).toBe("error");
    expect(String(weights.error.message)).toBe('FileAttachment "tdnn.weights.safetensors": no such file beside the notebook');
    await page.close();
  });

  it("downloads a trained network from its training's progress view, as ONNX and as safetensors", async () => {
    const page = await openNotebook(browser.context(), browser.app(), "time_delay_network.html");
    const view = page.locator(".training-progress");
    await expect.poll(() => view.getAttribute("data-status")).toBe("done");
    const [onnxFile] = await Promise.all([page.waitForEvent("download"), view.locator("button.download-onnx").click()]);
    expect(onnxFile.suggestedFilename()).toBe("logits.onnx");
    const model = readOnnx(new Uint8Array(readFileSync((await onnxFile.path())!)), "logits.onnx");
    expect(model.nodes.map((n) => n.opType)).toEqual(["Conv", "Relu", "Conv", "Relu", "ReduceMax", "Gemm"]);
    // The trained weights, not the ones training started from.
    const trained = await page.evaluate(async () =>
      Array.from(
        (
          await (globalThis as any).scanbook.kernel
            .cells()
            .find((c: any) => c.name === "fit")
            .value.params.w3.read()
        ).data as Float32Array,
      ),
    );
    expect(Array.from(model.initializers.get("w3")!.data)).toEqual(trained);
    const [weightsFile] = await Promise.all([page.waitForEvent("download"), view.locator("button.download-safetensors").click()]);
    expect(weightsFile.suggestedFilename()).toBe("logits.safetensors");
    const weights = readSafetensors(new Uint8Array(readFileSync((await weightsFile.path())!)), "logits.safetensors");
    expect(weights.tensors.size).toBe(6);
    expect(await view.locator(".download-status").textContent()).toBe("saved logits.safetensors: 6 weight tensors, epoch 20");
    await page.close();
  });
});
