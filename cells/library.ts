import type { LibraryNotebook, NotebookLibrary } from "../kernel/dataflow/kernel_types.ts";
import type { Engine, Run } from "../kernel/dataflow/engine.ts";
import { LayerValue } from "../kernel/dataflow/layer_value.ts";
import { interopFunctions, TensorFile } from "./interop.ts";
import { layerFunctions } from "./layers.ts";
import { NetworkSummary, summarize } from "./summary.ts";
import { tensorFunctions } from "./tensors.ts";
import { tensorOpFunctions } from "./tensor_ops.ts";
import { trainFunction, trainToEndFunction } from "./training.ts";
import { datasetFunctions } from "./datasets/index.ts";
import { select, slider } from "./inputs/controls.ts";
import { filterEditorFactory } from "./inputs/filter_editor.ts";
import { imageInputFactory } from "./inputs/image_input.ts";
import { signalInputFactory } from "./inputs/signal_input.ts";
import { lossCurve, scoreBars } from "./views/charts.ts";
import { featureMaps, filters, gradientMaps } from "./views/feature_maps.ts";
import { scanAnimation } from "./views/scan.ts";
import { sharedWeight } from "./views/shared_weight.ts";
import { summaryTable } from "./views/summary_table.ts";
import { trainingProgress } from "./views/training_progress.ts";

/**
 * The module a cell gets from `import {...} from "scanbook"`. Its functions make layer values
 * for the run of the cell that is executing, or, after an await, for the run that imported it.
 */
/**
 * What the opener of a notebook adds to the library: `check`, which runs a student's exercise
 * somewhere (grading's, kernel/grading/check_cell.ts). The library itself knows nothing of
 * grading, as the kernel knows nothing of the library.
 */
export interface LibraryExtras {
  check?(notebook: LibraryNotebook, run: () => Run): (title: unknown, fn: unknown, options?: object) => Promise<unknown>;
}

/** `check` where no one gave the library a way to run exercises (a plain script, Observable's own tools). */
async function noChecker(title: unknown): Promise<never> {
  throw new Error(`check "${String(title)}": this notebook has no checker to run exercises in (open it with scanbook: serve, run, export or grade)`);
}

export function createLibrary(engine: Engine, imported: Run, notebook: LibraryNotebook = { sources: () => [] }, extras: LibraryExtras = {}) {
  const run = () => (engine.current?.alive ? engine.current : imported);
  // Inputs make tensors from events, outside any cell's run: theirs count to the importing run.
  const upload = (t: Parameters<Engine["upload"]>[1]) => engine.upload(run(), t);
  return {
    ...tensorFunctions(engine, run),
    ...layerFunctions(engine, run),
    ...tensorOpFunctions(engine, run),
    /** summary(loss) or summary(a, b): per-layer shapes, parameters, multiply-adds, receptive fields. */
    summary: (...values: unknown[]) => summarize(values),
    LayerValue,
    NetworkSummary,
    slider,
    select,
    filterEditor: filterEditorFactory(upload),
    imageInput: imageInputFactory(upload),
    signalInput: signalInputFactory(upload),
    check: extras.check ? extras.check(notebook, run) : noChecker,
    train: trainFunction(engine, run),
    trainToEnd: trainToEndFunction(trainFunction(engine, run)),
    ...datasetFunctions(engine, run),
    ...interopFunctions(engine, run),
    TensorFile,
    featureMaps,
    filters,
    gradientMaps,
    scoreBars,
    lossCurve,
    summaryTable,
    sharedWeight,
    scanAnimation,
    trainingProgress,
  };
}

export type Library = ReturnType<typeof createLibrary>;

/** The names a notebook can import from "scanbook" (for suggestions on a misspelt import). */
export const LIBRARY_NAMES: readonly string[] = [
  "tensor",
  "randn",
  "rand",
  "zeros",
  "ones",
  "full",
  "conv1d",
  "conv2d",
  "convTranspose1d",
  "convTranspose2d",
  "linear",
  "batchNorm",
  "layerNorm",
  "groupNorm",
  "maxPool1d",
  "maxPool2d",
  "avgPool1d",
  "avgPool2d",
  "upsample1d",
  "upsample2d",
  "downsample1d",
  "downsample2d",
  "relu",
  "sigmoid",
  "tanh",
  "leakyRelu",
  "elu",
  "gelu",
  "erf",
  "silu",
  "softplus",
  "hardtanh",
  "softmax",
  "logSoftmax",
  "flatten",
  "pad",
  "adaptiveAvgPool1d",
  "adaptiveAvgPool2d",
  "adaptiveMaxPool1d",
  "adaptiveMaxPool2d",
  "interpolate",
  "dropout",
  "amax",
  "add",
  "sub",
  "mul",
  "div",
  "matmul",
  "sum",
  "mean",
  "reshape",
  "permute",
  "transpose",
  "cat",
  "narrow",
  "channel",
  "sample",
  "crossEntropy",
  "bceWithLogits",
  "mse",
  "nllLoss",
  "l1Loss",
  "smoothL1Loss",
  "grad",
  "summary",
  "LayerValue",
  "NetworkSummary",
  "slider",
  "select",
  "filterEditor",
  "imageInput",
  "signalInput",
  "train",
  "trainToEnd",
  "check",
  "patternImages",
  "patternRecordings",
  "wordPattern",
  "wordRecording",
  "mnist",
  "loadSafetensors",
  "loadOnnx",
  "TensorFile",
  "featureMaps",
  "filters",
  "gradientMaps",
  "scoreBars",
  "lossCurve",
  "summaryTable",
  "sharedWeight",
  "scanAnimation",
  "trainingProgress",
];

/**
 * The members that start all their jobs before they return: the tensor makers, the layers and
 * grad (training, datasets, inputs and checks go on working after they return).
 */
const SYNCHRONOUS: ReadonlySet<string> = new Set([tensorFunctions, layerFunctions, tensorOpFunctions].flatMap((group) => Object.keys(group(undefined as never, undefined as never))));

/**
 * The library as the kernel takes it (KernelOptions.library), with the `check` of the place
 * it opens in: a Web Worker in a page, a sandbox process headless (kernel/grading).
 */
export function scanbookLibraryWith(extras: LibraryExtras): NotebookLibrary {
  return { names: LIBRARY_NAMES, synchronous: SYNCHRONOUS, create: (engine, run, notebook) => createLibrary(engine, run, notebook, extras) };
}

/** The library with no checker: a check cell says it has nowhere to run (a notebook without exercises needs none). */
export const scanbookLibrary: NotebookLibrary = scanbookLibraryWith({});
