import { Engine, Run } from "../kernel/dataflow/engine.ts";
import { inProcessSpawn } from "../kernel/worker/in_process.ts";
import { createLibrary, LIBRARY_NAMES, scanbookLibrary, scanbookLibraryWith } from "./library.ts";

/**
 * The package's main entry, `import {conv2d} from "scanbook"` where Scanbook's own kernel is
 * not the one running the notebook: Observable's `notebooks build` and `preview`, Notebook
 * Kit's Vite plugin, a plain script. Scanbook's kernel never loads this file; it hands each
 * cell's run its own library (KernelOptions.library) so edits cancel that run's jobs. Here
 * there is one engine for the whole page, on its main thread (no worker file to locate in
 * someone else's bundle), and one run that is never retired.
 */
const engine = new Engine(inProcessSpawn());
const library = createLibrary(engine, new Run("scanbook", () => {}));

export const {
  tensor,
  randn,
  rand,
  zeros,
  ones,
  full,
  conv1d,
  conv2d,
  convTranspose1d,
  convTranspose2d,
  linear,
  maxPool1d,
  maxPool2d,
  avgPool1d,
  avgPool2d,
  upsample1d,
  upsample2d,
  downsample1d,
  downsample2d,
  relu,
  sigmoid,
  tanh,
  leakyRelu,
  elu,
  gelu,
  silu,
  softplus,
  hardtanh,
  softmax,
  logSoftmax,
  flatten,
  pad,
  adaptiveAvgPool1d,
  adaptiveAvgPool2d,
  adaptiveMaxPool1d,
  adaptiveMaxPool2d,
  interpolate,
  amax,
  add,
  sub,
  mul,
  div,
  matmul,
  sum,
  mean,
  reshape,
  permute,
  transpose,
  cat,
  narrow,
  channel,
  sample,
  crossEntropy,
  bceWithLogits,
  mse,
  nllLoss,
  l1Loss,
  smoothL1Loss,
  grad,
  summary,
  LayerValue,
  NetworkSummary,
  slider,
  select,
  filterEditor,
  imageInput,
  signalInput,
  train,
  trainToEnd,
  check,
  patternImages,
  patternRecordings,
  wordPattern,
  wordRecording,
  mnist,
  featureMaps,
  filters,
  gradientMaps,
  scoreBars,
  lossCurve,
  summaryTable,
  sharedWeight,
  scanAnimation,
  trainingProgress,
} = library;

/** For tools that open notebooks with Scanbook's kernel (KernelOptions.library). */
export { LIBRARY_NAMES, scanbookLibrary, scanbookLibraryWith };
