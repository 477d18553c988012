import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { toCell, toNotebook } from "@observablehq/notebook-kit";
import { parseCommandLine, usageError } from "./args.ts";
import { commandNamed } from "./commands.ts";

const SPEC = commandNamed("import")!;

/**
 * `scanbook import MODEL.onnx [-o NOTEBOOK.html]`: the model as a notebook (a cell per layer)
 * and its weights as NOTEBOOK.weights.safetensors beside it. Nothing is written unless the
 * whole model imports.
 */
export async function importModel(args: string[]): Promise<number> {
  const parsed = parseCommandLine(SPEC, args);
  if (typeof parsed === "string") return usageError(SPEC, parsed);
  if (parsed.operands.length !== 1) return usageError(SPEC, parsed.operands.length ? `one model expected, got also ${parsed.operands[1]}` : "a model is required (scanbook import MODEL.onnx)");
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const model = resolve(cwd, parsed.operands[0]);
  const out = resolve(cwd, typeof parsed.values.out === "string" ? parsed.values.out : `${basename(model).replace(/\.onnx$/i, "")}.html`);
  if (!out.endsWith(".html")) return usageError(SPEC, `the notebook must be an .html file, got ${relative(cwd, out)}`);
  const weightsPath = out.replace(/\.html$/, ".weights.safetensors");
  const shown = (p: string) => relative(cwd, p) || basename(p);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(model));
  } catch (error) {
    console.error(`scanbook import: cannot read ${shown(model)}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
    return 2;
  }
  for (const p of [out, weightsPath]) {
    if (existsSync(p) && parsed.values.force !== true) {
      console.error(`scanbook import: ${shown(p)} exists already (--force overwrites it)`);
      return 1;
    }
  }
  const [{ readOnnx }, { importOnnx }, { writeSafetensors }, { LIBRARY_NAMES }, { writeNotebook }] = await Promise.all([
    import("../kernel/interop/onnx.ts"),
    import("../kernel/interop/onnx_import.ts"),
    import("../kernel/interop/safetensors.ts"),
    import("../cells/library.ts"),
    import("../kernel/dataflow/headless.ts"),
  ]);
  let imported: ReturnType<typeof importOnnx>;
  try {
    imported = importOnnx(readOnnx(bytes, shown(model)), { weightsFile: basename(weightsPath), reserved: LIBRARY_NAMES });
  } catch (error) {
    console.error(`scanbook import: ${(error as Error).message}`);
    return 1;
  }
  const notebook = toNotebook({
    title: basename(out, ".html"),
    theme: "air",
    cells: imported.cells.map((c, i) => toCell({ id: i + 1, mode: c.mode, value: c.value, pinned: c.mode === "js" })),
  });
  try {
    writeFileSync(weightsPath, writeSafetensors(imported.weights, { source: basename(model) }));
    writeFileSync(out, writeNotebook(notebook));
  } catch (error) {
    console.error(`scanbook import: cannot write into ${shown(dirname(out))}: ${(error as Error).message}`);
    return 1;
  }
  const layers = imported.cells.filter((c) => c.mode === "js").length;
  console.log(`wrote ${shown(out)} (${layers} cells; input "${imported.input}", output "${imported.outputs.join('", "')}") and ${shown(weightsPath)} (${imported.weights.size} tensors)`);
  return 0;
}
