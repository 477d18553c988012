import type { Engine, Run } from "../kernel/dataflow/engine.ts";
import { LayerValue } from "../kernel/dataflow/layer_value.ts";
import { tensor as tensorData } from "../kernel/tensor/tensor.ts";
import { describe, expectOptions, expectTensor } from "./arguments.ts";

/**
 * The layers a notebook calls, named as torch.nn.functional in camelCase, each a thin call of
 * the engine op of the same snake_case name: tensors first, an options object last, with
 * PyTorch's option names and defaults.
 */
type Options = Record<string, unknown> | undefined;

export function layerFunctions(engine: Engine, run: () => Run) {
  const who = (op: string) => `${op} "${run().label}"`;

  /** An op whose parameters come in its options: conv2d(x, {weight, bias, stride}). */
  const withParams =
    (op: string) =>
    (x: unknown, options?: Options): LayerValue => {
      const { weight, bias, ...rest } = expectOptions(options, who(op));
      return engine.apply(
        run(),
        op,
        {
          x: expectTensor(x, who(op), "the input"),
          weight: expectTensor(weight, who(op), "weight (pass it as {weight})"),
          bias: bias === undefined ? undefined : expectTensor(bias, who(op), "bias"),
        },
        rest,
      );
    };

  /** A normalisation: its scale and shift (weight, bias) are optional tensors in the options. */
  const normalization =
    (op: string) =>
    (x: unknown, options?: Options): LayerValue => {
      const { weight, bias, ...rest } = expectOptions(options, who(op));
      const inputs: Record<string, LayerValue> = { x: expectTensor(x, who(op), "the input") };
      if (weight !== undefined) inputs.weight = expectTensor(weight, who(op), "weight");
      if (bias !== undefined) inputs.bias = expectTensor(bias, who(op), "bias");
      return engine.apply(run(), op, inputs, rest);
    };

  /**
   * batchNorm(x, {weight, bias, runningMean, runningVar, training, momentum, eps}): the running
   * statistics are tensors the notebook keeps (zeros and ones to start). The output carries
   * them as its `state`: in training, updated by this batch (what PyTorch writes into the
   * module's buffers); in evaluation, the ones it was given. A training updates them each step
   * and returns them (train's `buffers`).
   */
  const batchNorm = (x: unknown, options?: Options): LayerValue => {
    const name = who("batch_norm");
    const { weight, bias, runningMean, runningVar, ...rest } = expectOptions(options, name);
    const inputs: Record<string, LayerValue> = { x: expectTensor(x, name, "the input") };
    if (weight !== undefined) inputs.weight = expectTensor(weight, name, "weight");
    if (bias !== undefined) inputs.bias = expectTensor(bias, name, "bias");
    if (runningMean !== undefined) inputs.runningMean = expectTensor(runningMean, name, "runningMean");
    if (runningVar !== undefined) inputs.runningVar = expectTensor(runningVar, name, "runningVar");
    if ((runningMean === undefined) !== (runningVar === undefined))
      throw new Error(`${name}: expected both runningMean and runningVar, or neither (got only ${runningMean === undefined ? "runningVar" : "runningMean"})`);
    if (runningMean !== undefined && runningMean === runningVar) throw new Error(`${name}: expected runningMean and runningVar to be two different tensors, got the same one twice`);
    const tracked = runningMean !== undefined;
    const value = engine.apply(run(), "batch_norm", inputs, rest, tracked && rest.training === true ? ["runningMean", "runningVar"] : []);
    if (tracked && rest.training !== true) value.state = { runningMean: inputs.runningMean, runningVar: inputs.runningVar };
    return value;
  };

  /**
   * dropout(x, {p, training, seed}). Without a seed, each dropout a cell makes gets its own,
   * from the cell's name and its place among the cell's dropouts: two layers draw independent
   * masks (as PyTorch's one random stream does), and the same code draws the same masks again.
   */
  const dropouts = new WeakMap<Run, number>();
  const dropout = (x: unknown, options?: Options): LayerValue => {
    const given = expectOptions(options, who("dropout"));
    if (given.seed !== undefined) return engine.apply(run(), "dropout", { x: expectTensor(x, who("dropout"), "the input") }, given);
    const owner = run();
    const k = dropouts.get(owner) ?? 0;
    dropouts.set(owner, k + 1);
    return engine.apply(owner, "dropout", { x: expectTensor(x, who("dropout"), "the input") }, { ...given, seed: seedOf(owner.label, k) });
  };

  /** An op of one tensor: relu(x), maxPool2d(x, {kernelSize: 2}). */
  const unary =
    (op: string) =>
    (x: unknown, options?: Options): LayerValue =>
      engine.apply(run(), op, { x: expectTensor(x, who(op), "the input") }, expectOptions(options, who(op)));

  /** A loss; the target may be a tensor or a plain list of numbers (class indices). */
  const loss =
    (op: string) =>
    (input: unknown, target: unknown, options?: Options): LayerValue => {
      let t: LayerValue;
      if (target instanceof LayerValue) t = target;
      else if (typeof target === "number") t = engine.upload(run(), tensorData([target]));
      else if (Array.isArray(target) && target.every((v) => typeof v === "number")) t = engine.upload(run(), tensorData(target));
      else throw new Error(`${who(op)}: expected the target to be a tensor or a list of numbers, got ${describe(target)}`);
      // Class weights (crossEntropy, nllLoss) are a tensor: an input of the op, not an option.
      const { weight, ...rest } = expectOptions(options, who(op));
      const inputs = { x: expectTensor(input, who(op), "the input"), target: t, ...(weight === undefined ? {} : { weight: expectTensor(weight, who(op), "weight (the class weights)") }) };
      return engine.apply(run(), op, inputs, rest);
    };

  return {
    conv1d: withParams("conv1d"),
    conv2d: withParams("conv2d"),
    convTranspose1d: withParams("conv_transpose1d"),
    convTranspose2d: withParams("conv_transpose2d"),
    linear: withParams("linear"),
    batchNorm,
    layerNorm: normalization("layer_norm"),
    groupNorm: normalization("group_norm"),
    maxPool1d: unary("max_pool1d"),
    maxPool2d: unary("max_pool2d"),
    avgPool1d: unary("avg_pool1d"),
    avgPool2d: unary("avg_pool2d"),
    upsample1d: unary("upsample1d"),
    upsample2d: unary("upsample2d"),
    downsample1d: unary("downsample1d"),
    downsample2d: unary("downsample2d"),
    relu: unary("relu"),
    sigmoid: unary("sigmoid"),
    tanh: unary("tanh"),
    leakyRelu: unary("leaky_relu"),
    elu: unary("elu"),
    gelu: unary("gelu"),
    erf: unary("erf"),
    silu: unary("silu"),
    softplus: unary("softplus"),
    hardtanh: unary("hardtanh"),
    softmax: unary("softmax"),
    logSoftmax: unary("log_softmax"),
    flatten: unary("flatten"),
    pad: unary("pad"),
    adaptiveAvgPool1d: unary("adaptive_avg_pool1d"),
    adaptiveAvgPool2d: unary("adaptive_avg_pool2d"),
    adaptiveMaxPool1d: unary("adaptive_max_pool1d"),
    adaptiveMaxPool2d: unary("adaptive_max_pool2d"),
    interpolate: unary("interpolate"),
    dropout,
    amax: unary("amax"),
    crossEntropy: loss("cross_entropy"),
    bceWithLogits: loss("bce_with_logits"),
    mse: loss("mse"),
    nllLoss: loss("nll_loss"),
    l1Loss: loss("l1_loss"),
    smoothL1Loss: loss("smooth_l1_loss"),
    /** The gradient of a scalar loss with respect to a tensor or a layer's output. */
    grad(lossValue: unknown, wrt: unknown): LayerValue {
      return engine.grad(run(), expectTensor(lossValue, who("grad"), "the loss"), expectTensor(wrt, who("grad"), "what to differentiate with respect to"));
    },
  };
}

/** A seed from a cell's name and a count (FNV-1a of the name, then the count mixed in): whole, 0 or more. */
function seedOf(label: string, k: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return (h ^ Math.imul(k + 1, 0x9e3779b1)) >>> 0;
}
