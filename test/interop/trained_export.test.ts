import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { trainedNames, trainedTensors } from "../../cells/views/model_download.ts";
import type { TrainingState } from "../../cells/training.ts";
import { LayerValue } from "../../kernel/dataflow/layer_value.ts";
import type { NotebookKernel } from "../../kernel/dataflow/notebook.ts";
import { exportOnnx } from "../../kernel/interop/onnx_export.ts";
import { openTest } from "../helpers/notebooks.ts";
import { runOnnx } from "../helpers/onnx_runtime.ts";

const open: NotebookKernel[] = [];
afterEach(() => {
  while (open.length) open.pop()!.dispose();
});

/**
 * Every bundled notebook that trains a classifier: its trained network, exported, scores the
 * held-out set in ONNX Runtime as the training scored it (in evaluation mode: batch norm on its
 * running statistics, no dropout).
 */
describe("a trained classifier exported from each bundled notebook", () => {
  for (const [notebook, fitCell, scoresCell, dataCell] of [
    ["digits.html", "fit", "logits", "digits"],
    ["residual_networks.html", "residualFit", "residualScores", "digits"],
    ["residual_networks.html", "plainFit", "plainScores", "digits"],
    ["normalization.html", "normedFit", "normedScores", "digits"],
    ["training.html", "final", "logits", "images"],
  ] as const) {
    it(`${notebook}: ${scoresCell} with ${fitCell}'s parameters scores the held-out set as the training did`, async () => {
      const { kernel } = openTest(readFileSync(new URL(`../../notebooks/${notebook}`, import.meta.url), "utf8"));
      open.push(kernel);
      await kernel.settled();
      const cell = (name: string) => kernel.cells().find((c) => c.name === name)!.value;
      const fit = cell(fitCell) as TrainingState;
      expect(fit.status).toBe("done");
      const names = new Map([...kernel.cells().flatMap((c) => (c.value instanceof LayerValue ? [[c.value, c.name] as const] : [])), ...trainedNames(fit)]);
      const model = await exportOnnx(cell(scoresCell) as LayerValue, { replace: trainedTensors(fit), names });
      expect(model.batchAxis).toBe(true);
      const data = cell(dataCell) as { testX: LayerValue; testY: LayerValue };
      const [x, y] = [await data.testX.read(), await data.testY.read()];
      const scores = (await runOnnx(model.onnx, { [model.inputs[0].name]: x }))[model.output];
      const k = scores.shape[1];
      let correct = 0;
      for (let i = 0; i < x.shape[0]; i++) {
        const row = Array.from(scores.data.slice(i * k, (i + 1) * k));
        if (row.indexOf(Math.max(...row)) === y.data[i]) correct++;
      }
      const accuracy = correct / x.shape[0];
      console.log(`${notebook} ${scoresCell}: ONNX Runtime ${(100 * accuracy).toFixed(2)}%, the training ${(100 * fit.validation!.accuracy!).toFixed(2)}% of ${x.shape[0]}`);
      // The same digits right, give or take one borderline digit (float32 sums in another order).
      expect(Math.abs(accuracy - fit.validation!.accuracy!)).toBeLessThanOrEqual(1 / x.shape[0] + 1e-9);
    }, 180_000);
  }
});
