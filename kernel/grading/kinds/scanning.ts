import { distributedToCnn, distributedToMlp, runConvStack, scanningMlpToCnn, scanWithMlp, type ConvStep, type DistributedLayer, type ScanningMlp } from "../../tensor/scanning.ts";
import { formatShape, reshape, type Tensor } from "../../tensor/tensor.ts";
import { allClose, sameShape } from "../compare.ts";
import type { CheckKind, Config, Field, Mistake, Part } from "../kind.ts";
import { partOf, readTensor } from "../student_value.ts";
import { f64, normal } from "./tensors.ts";

/**
 * The scanning MLP as a CNN. An input of D features × T steps is scanned by an MLP that
 * reads a window of K steps flattened time-major (index k·D + d), moved by S. The student
 * converts its weights into conv1d weights [Cout, Cin, K]: mlpToCnn({kernel, stride, weights})
 * → [w1, w2, ...] (conv1d(D→N1, K, S), then 1×1 convs), and for the distributed scan
 * distributedMlpToCnn([{kernel, stride, weight}, ...]) → one conv weight per layer. Each
 * converted weight is compared, then the map the engine computes with them (ReLU between
 * layers) against the MLP applied window by window.
 */
const MAP_HINT = "the map has one row per output neuron and one column per window";

/** The engine's map with the student's weights, the MLP's biases and the layers' strides. */
function studentMap(result: unknown, x: Tensor, steps: ConvStep[], where: string): Tensor {
  const converted = steps.map((step, i) => {
    const w = readTensor(partOf(result, String(i), where), `conv weight ${i + 1}`);
    if (!sameShape(w.shape, step.weight.shape)) {
      throw new Error(`conv weight ${i + 1} is ${formatShape(w.shape)}, expected ${formatShape(step.weight.shape)}: the map cannot be computed`);
    }
    return { ...step, weight: w };
  });
  return runConvStack(x, converted);
}

/** One part per converted weight, [out, in, K] each, then the map. */
function parts(shapes: number[][]): Part[] {
  return [
    ...shapes.map((shape, i) => ({
      path: String(i),
      label: `conv weight ${i + 1}`,
      hint: `a conv1d weight is [out channels, in channels, K] = ${formatShape(shape)}`,
    })),
    { path: "map", label: "map", hint: MAP_HINT, derived: true },
  ];
}

/** The window read feature-major (d·K + k) instead of time-major: a plain reshape of the first layer. */
const feature_major: Mistake = {
  path: "0",
  message:
    "the first layer's window is flattened in the wrong order: the MLP reads all features of step 1, then of step 2... (index k·D + d), so the weight must be split into K steps before the features",
  matches(actual, c, kase, tol) {
    if (c.kernel === 1 || c.features === 1) return false;
    const w = kase.inputs.w0;
    return allClose(actual, reshape(w, [w.shape[0], c.features, c.kernel]), tol);
  },
};

function mlpOf(c: Config, seed: number): ScanningMlp {
  const sizes = [c.kernel * c.features, c.hidden1, c.hidden2, c.outputs];
  const layers = sizes.slice(1).map((out, i) => ({ weight: normal([out, sizes[i]], seed + 2 * i + 1), bias: normal([out], seed + 2 * i + 2) }));
  return { kernel: c.kernel, stride: c.stride, layers };
}

const castMlp = (mlp: ScanningMlp): ScanningMlp => ({ ...mlp, layers: mlp.layers.map((l) => ({ weight: f64(l.weight), bias: l.bias && f64(l.bias) })) });

export function mlpToCnnKind(name: string): CheckKind {
  const fields: Field[] = [
    { name: "features", min: 1, max: 24 },
    { name: "steps", min: 1, max: 128 },
    { name: "kernel", min: 1, max: 8 },
    { name: "stride", min: 1, max: 4 },
    { name: "hidden1", min: 1, max: 8 },
    { name: "hidden2", min: 1, max: 16 },
    { name: "outputs", min: 1, max: 4 },
  ];
  return {
    name,
    signature: `${name}({kernel, stride, weights})`,
    fields,
    valid: (c) => c.kernel <= c.steps,
    parts: (c) =>
      parts([
        [c.hidden1, c.features, c.kernel],
        [c.hidden2, c.hidden1, 1],
        [c.outputs, c.hidden2, 1],
      ]),
    make(c, seed) {
      const mlp = mlpOf(c, seed),
        exact = castMlp(mlp);
      const x = f64(normal([c.features, c.steps], seed));
      const steps = scanningMlpToCnn(exact);
      const expected: Record<string, Tensor> = Object.fromEntries(steps.map((s, i) => [String(i), s.weight]));
      expected.map = scanWithMlp(x, exact);
      return {
        args: [{ kernel: c.kernel, stride: c.stride, weights: mlp.layers.map((l) => l.weight) }],
        inputs: { w0: exact.layers[0].weight },
        expected,
        derive: (result: unknown) => ({ map: studentMap(result, x, steps, name) }),
      };
    },
    mistakes: [feature_major],
  };
}

/** The lecture's distributed scan by default: (2, K2, S2), (8, K2, S2), (4, K2, S1). */
function layersOf(c: Config, seed: number): DistributedLayer[] {
  const spec = [
    [c.hidden1, c.kernel1, c.stride1],
    [c.hidden2, c.kernel2, c.stride2],
    [c.outputs, c.kernel3, 1],
  ];
  let below = c.features;
  return spec.map(([out, kernel, stride], i) => {
    const layer = { kernel, stride, weight: normal([out, kernel * below], seed + 2 * i + 1), bias: normal([out], seed + 2 * i + 2) };
    below = out;
    return layer;
  });
}

export function distributedKind(name: string): CheckKind {
  const fields: Field[] = [
    { name: "features", min: 1, max: 24 },
    { name: "steps", min: 1, max: 128 },
    { name: "hidden1", min: 1, max: 4 },
    { name: "kernel1", min: 1, max: 3 },
    { name: "stride1", min: 1, max: 3 },
    { name: "hidden2", min: 1, max: 8 },
    { name: "kernel2", min: 1, max: 3 },
    { name: "stride2", min: 1, max: 3 },
    { name: "outputs", min: 1, max: 4 },
    { name: "kernel3", min: 1, max: 3 },
  ];
  const window = (c: Config) => ((c.kernel3 - 1) * c.stride2 + c.kernel2 - 1) * c.stride1 + c.kernel1;
  return {
    name,
    signature: `${name}([{kernel, stride, weight}, ...])`,
    fields,
    valid: (c) => window(c) <= c.steps,
    parts: (c) =>
      parts([
        [c.hidden1, c.features, c.kernel1],
        [c.hidden2, c.hidden1, c.kernel2],
        [c.outputs, c.hidden2, c.kernel3],
      ]),
    make(c, seed) {
      const layers = layersOf(c, seed);
      const exact = layers.map((l) => ({ ...l, weight: f64(l.weight), bias: l.bias && f64(l.bias) }));
      const x = f64(normal([c.features, c.steps], seed));
      const steps = distributedToCnn(exact);
      const expected: Record<string, Tensor> = Object.fromEntries(steps.map((s, i) => [String(i), s.weight]));
      expected.map = scanWithMlp(x, distributedToMlp(exact, c.features));
      return {
        args: [layers.map(({ kernel, stride, weight }) => ({ kernel, stride, weight }))],
        inputs: { w0: exact[0].weight },
        expected,
        derive: (result: unknown) => ({ map: studentMap(result, x, steps, name) }),
      };
    },
    mistakes: [{ ...feature_major, matches: (actual, c, kase, tol) => feature_major.matches(actual, { ...c, kernel: c.kernel1 }, kase, tol) }],
  };
}
