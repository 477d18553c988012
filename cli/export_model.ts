import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { parseCommandLine, usageError } from "./args.ts";
import { commandNamed } from "./commands.ts";

const SPEC = commandNamed("export-model")!;

/**
 * `scanbook export-model NOTEBOOK --output CELL -o MODEL.onnx [--safetensors FILE]`: runs the
 * notebook headless and writes the network that computes CELL, with the weights it settled
 * with (or a training's latest, with --trained).
 */
export async function exportModel(args: string[]): Promise<number> {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "string") return usageError(SPEC, parsed);
  if (parsed.operands.length !== 1) return usageError(SPEC, "one notebook is required");
  const o = parsed.values;
  if (typeof o.output !== "string") return usageError(SPEC, "--output CELL is required (the cell whose value the model computes)");
  if (typeof o.out !== "string") return usageError(SPEC, "-o MODEL.onnx is required");
  const timeoutS = o.timeout === undefined ? 300 : Number(o.timeout);
  if (!(timeoutS > 0 && timeoutS <= 2147483)) return usageError(SPEC, `--timeout must be a number of seconds, got ${o.timeout}`);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const file = resolve(cwd, parsed.operands[0]);
  const typed = parsed.operands[0];
  const shown = (p: string) => relative(cwd, p) || basename(p);
  let html: string;
  try {
    html = readFileSync(file, "utf8");
  } catch (error) {
    console.error(`export-model: cannot read ${typed}: ${(error as Error).message}`);
    return 2;
  }
  const [{ openHeadless }, { headlessLibrary }, { settleWithin }, { exportOnnx }, { writeSafetensors }, { LayerValue }] = await Promise.all([
    import("../kernel/dataflow/headless.ts"),
    import("../app/headless_library.ts"),
    import("../kernel/dataflow/settle_within.ts"),
    import("../kernel/interop/onnx_export.ts"),
    import("../kernel/interop/safetensors.ts"),
    import("../kernel/dataflow/layer_value.ts"),
  ]);
  const { trainedTensors } = await import("../cells/views/model_download.ts");
  const kernel = openHeadless(html, { library: headlessLibrary, directory: dirname(file), loopLimitMs: timeoutS * 1000 });
  try {
    if (!(await settleWithin(kernel, timeoutS * 1000))) {
      console.error(`export-model: ${typed} did not settle within ${timeoutS} s`);
      return 1;
    }
    const cell = (name: string) => kernel.cells().find((c) => c.name === name);
    const out = cell(o.output);
    if (!out) {
      console.error(`export-model: ${typed} has no cell ${o.output}`);
      return 1;
    }
    if (out.status !== "ok") {
      console.error(`export-model: cell ${o.output} ended in an error: ${(out.error as Error)?.message ?? out.error}`);
      return 1;
    }
    if (!(out.value instanceof LayerValue)) {
      console.error(`export-model: cell ${o.output} holds no tensor of the network`);
      return 1;
    }
    let replace: Map<InstanceType<typeof LayerValue>, InstanceType<typeof LayerValue>> | undefined;
    if (typeof o.trained === "string") {
      const fit = cell(o.trained)?.value as Parameters<typeof trainedTensors>[0] | undefined;
      if (!fit?.params || !fit.start) {
        console.error(`export-model: --trained ${o.trained}: not a cell of the notebook that trains (train(...))`);
        return 2;
      }
      replace = trainedTensors(fit);
    }
    // Each tensor by the name its cell declares it under.
    const names = new Map(kernel.cells().flatMap((c) => (c.value instanceof LayerValue ? [[c.value, c.name] as const] : [])));
    const model = await exportOnnx(out.value, { inputs: o.input as string[] | undefined, replace, names });
    const onnxPath = resolve(cwd, o.out);
    writeFileSync(onnxPath, model.onnx);
    let also = "";
    if (typeof o.safetensors === "string") {
      const path = resolve(cwd, o.safetensors);
      writeFileSync(path, writeSafetensors(model.weights, { source: basename(file), output: model.output }));
      also = ` and ${shown(path)}`;
    }
    const inputs = model.inputs.map((i) => `${i.name} [${(model.batchAxis ? ["N", ...i.shape.slice(1)] : i.shape).join(", ")}]`).join(", ");
    console.log(`wrote ${shown(onnxPath)}${also}: ${model.weights.size} weight tensors; input ${inputs}; output ${model.output}`);
    return 0;
  } catch (error) {
    console.error(`export-model: ${(error as Error).message}`);
    return 1;
  } finally {
    kernel.dispose();
  }
}
