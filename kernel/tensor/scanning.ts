import { conv1d } from "./ops/conv1d.ts";
import { linear } from "./ops/linear.ts";
import { relu } from "./ops/relu.ts";
import { allocate, dtypeOf, formatShape, reshape, type Tensor } from "./tensor.ts";

/**
 * Scanning an input with an MLP, and the CNN that computes the same map.
 *
 * Layouts. The input is x: [D, T] (D features per time step). A window of K steps starting
 * at t is flattened time-major: all D features of step t, then those of step t + 1, ...
 * (index k·D + d). The output map is [N_last, windows], channel-major like a conv1d output:
 * row n holds output neuron n for every window, column w the window starting at w·S.
 */
export interface MlpLayer {
  /** [out, in] as nn.Linear. */
  weight: Tensor;
  bias?: Tensor;
}

export interface ScanningMlp {
  kernel: number;
  stride: number;
  /** First layer's input is the flattened window, K·D values. ReLU between layers, none after the last. */
  layers: MlpLayer[];
}

export interface ConvStep {
  /** [Cout, Cin, K] as conv1d. */
  weight: Tensor;
  bias?: Tensor;
  stride: number;
}

function windowsOf(T: number, K: number, S: number): number {
  if (K > T) throw new Error(`scanning MLP: window ${K} longer than input ${T} steps`);
  return Math.floor((T - K) / S) + 1;
}

/** The MLP applied to every window, one window at a time: the definition the CNN must match. */
export function scanWithMlp(x: Tensor, mlp: ScanningMlp): Tensor {
  if (x.shape.length !== 2) throw new Error(`scanning MLP: expected input [D, T], got ${formatShape(x.shape)}`);
  const [D, T] = x.shape;
  const { kernel: K, stride: S, layers } = mlp;
  const inF = layers[0].weight.shape[1];
  if (inF !== K * D) {
    throw new Error(`scanning MLP: first layer takes ${inF} inputs, a window of ${K} steps x ${D} features has ${K * D}`);
  }
  const windows = windowsOf(T, K, S);
  const dtype = dtypeOf(x);
  const outF = layers[layers.length - 1].weight.shape[0];
  const map = allocate(outF * windows, dtype);
  for (let w = 0; w < windows; w++) {
    const window = allocate(K * D, dtype);
    for (let k = 0; k < K; k++) for (let d = 0; d < D; d++) window[k * D + d] = x.data[d * T + w * S + k];
    let h: Tensor = { shape: [1, K * D], data: window };
    layers.forEach((layer, i) => {
      h = linear.forward({ x: h, weight: layer.weight, bias: layer.bias }, {}).output;
      if (i < layers.length - 1) h = relu.forward({ x: h }, {}).output;
    });
    for (let n = 0; n < outF; n++) map[n * windows + w] = h.data[n];
  }
  return { shape: [outF, windows], data: map };
}

/** A layer weight over a time-major block [out, K·in] rearranged into a conv weight [out, in, K]. */
export function timeMajorToConvWeight(weight: Tensor, K: number): Tensor {
  const [out, flat] = weight.shape;
  if (flat % K !== 0) throw new Error(`weight ${formatShape(weight.shape)} does not split into ${K} time steps`);
  const inC = flat / K;
  const data = allocate(out * inC * K, dtypeOf(weight));
  for (let o = 0; o < out; o++) {
    for (let k = 0; k < K; k++) for (let c = 0; c < inC; c++) data[(o * inC + c) * K + k] = weight.data[o * flat + k * inC + c];
  }
  return { shape: [out, inC, K], data };
}

/** The equivalent CNN of a scanning MLP: conv1d(D→N1, K, stride S), then 1x1 convs. */
export function scanningMlpToCnn(mlp: ScanningMlp): ConvStep[] {
  return mlp.layers.map((layer, i) =>
    i === 0 ? { weight: timeMajorToConvWeight(layer.weight, mlp.kernel), bias: layer.bias, stride: mlp.stride } : { weight: timeMajorToConvWeight(layer.weight, 1), bias: layer.bias, stride: 1 },
  );
}

/** Runs conv1d steps with ReLU between them on x [D, T]; returns the map [C_last, positions]. */
export function runConvStack(x: Tensor, steps: readonly ConvStep[]): Tensor {
  let h = reshape(x, [1, ...x.shape]);
  steps.forEach((step, i) => {
    h = conv1d.forward({ x: h, weight: step.weight, bias: step.bias }, { stride: step.stride }).output;
    if (i < steps.length - 1) h = relu.forward({ x: h }, {}).output;
  });
  return reshape(h, h.shape.slice(1));
}

/**
 * A distributed scan: layer l looks at K_l consecutive units of layer l-1 (stride S_l between
 * its own units), with one shared block of weights [N_l, K_l·N_{l-1}] (time-major). Its
 * window is the receptive field of the top layer and it moves by the product of the strides.
 */
export interface DistributedLayer {
  kernel: number;
  stride: number;
  weight: Tensor;
  bias?: Tensor;
}

export function distributedToCnn(layers: readonly DistributedLayer[]): ConvStep[] {
  return layers.map((l) => ({ weight: timeMajorToConvWeight(l.weight, l.kernel), bias: l.bias, stride: l.stride }));
}

/**
 * The same distributed scan written as one plain scanning MLP over the whole window: each
 * layer's weight is block-sparse, the shared block repeated once per unit of that layer.
 */
export function distributedToMlp(layers: readonly DistributedLayer[], D: number): ScanningMlp {
  // Units per window at each level, from the top (one unit) down: B_{l-1} = (B_l - 1)·S_l + K_l.
  const blocks: number[] = new Array(layers.length + 1);
  blocks[layers.length] = 1;
  for (let l = layers.length - 1; l >= 0; l--) blocks[l] = (blocks[l + 1] - 1) * layers[l].stride + layers[l].kernel;
  const flat: MlpLayer[] = layers.map((layer, l) => {
    const inC = l === 0 ? D : layers[l - 1].weight.shape[0];
    const outC = layer.weight.shape[0];
    if (layer.weight.shape[1] !== layer.kernel * inC) {
      throw new Error(`distributed scan: layer ${l} weight ${formatShape(layer.weight.shape)} should be [${outC}, ${layer.kernel * inC}] (kernel ${layer.kernel} x ${inC} inputs)`);
    }
    const rows = blocks[l + 1] * outC,
      cols = blocks[l] * inC;
    const w = allocate(rows * cols, dtypeOf(layer.weight));
    const b = allocate(rows, dtypeOf(layer.weight));
    for (let unit = 0; unit < blocks[l + 1]; unit++) {
      for (let o = 0; o < outC; o++) {
        const row = unit * outC + o;
        if (layer.bias) b[row] = layer.bias.data[o];
        for (let k = 0; k < layer.kernel; k++) {
          const below = unit * layer.stride + k;
          for (let c = 0; c < inC; c++) w[row * cols + below * inC + c] = layer.weight.data[o * layer.kernel * inC + k * inC + c];
        }
      }
    }
    return { weight: { shape: [rows, cols], data: w }, bias: layer.bias ? { shape: [rows], data: b } : undefined };
  });
  return { kernel: blocks[0], stride: layers.reduce((s, l) => s * l.stride, 1), layers: flat };
}
