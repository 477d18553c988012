import { sequential, sequentialForward, type LayerSpec } from "../../tensor/sequential.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { allClose } from "../compare.ts";
import type { CheckKind, Config, Field, Mistake } from "../kind.ts";
import { f64, normal, scaled } from "./tensors.ts";

/**
 * A small CNN end to end: x [N, Cin, S, S] → conv2d(Cin→C, K, stride 1) → ReLU →
 * 2×2 max pooling (stride 2) → flatten → linear(→ classes) = scores [N, classes].
 * params = {conv: {weight, bias}, fc: {weight, bias}};
 * smallCnnForward(x, params) → scores; smallCnnBackward(x, params, gradScores) → the
 * gradient of every parameter, keyed as params.
 */
const FIELDS: Field[] = [
  { name: "batch", min: 1, max: 3 },
  { name: "inChannels", min: 1, max: 2 },
  { name: "channels", min: 1, max: 4 },
  { name: "size", min: 2, max: 10 },
  { name: "kernel", min: 1, max: 3 },
  { name: "classes", min: 1, max: 4 },
];

const LAYERS: LayerSpec[] = [
  { op: "conv2d", weight: "conv.weight", bias: "conv.bias" },
  { op: "relu" },
  { op: "max_pool2d", kernelSize: 2, stride: 2 },
  { op: "flatten" },
  { op: "linear", weight: "fc.weight", bias: "fc.bias" },
];

const pooled = (c: Config) => Math.floor((c.size - c.kernel + 1) / 2);
const valid = (c: Config) => pooled(c) >= 1;

function network(c: Config, seed: number) {
  const features = c.channels * pooled(c) ** 2;
  const x = normal([c.batch, c.inChannels, c.size, c.size], seed);
  const params = {
    conv: { weight: normal([c.channels, c.inChannels, c.kernel, c.kernel], seed + 1), bias: normal([c.channels], seed + 2) },
    fc: { weight: normal([c.classes, features], seed + 3), bias: normal([c.classes], seed + 4) },
  };
  const flat: Record<string, Tensor> = {
    "conv.weight": f64(params.conv.weight),
    "conv.bias": f64(params.conv.bias),
    "fc.weight": f64(params.fc.weight),
    "fc.bias": f64(params.fc.bias),
  };
  return { x, params, flat };
}

const PARAMS = ["conv.weight", "conv.bias", "fc.weight", "fc.bias"];

export function smallCnnForwardKind(name: string): CheckKind {
  return {
    name,
    signature: `${name}(x, params)`,
    fields: FIELDS,
    valid,
    parts: () => [{ path: "", label: "scores", hint: "scores are [N, classes]" }],
    make(c, seed) {
      const { x, params, flat } = network(c, seed);
      const { outputs } = sequentialForward(f64(x), LAYERS, flat);
      return { args: [x, params], inputs: { x }, expected: { "": outputs[outputs.length - 1] } };
    },
  };
}

export function smallCnnBackwardKind(name: string): CheckKind {
  const averaged: Mistake[] = PARAMS.map((path) => ({
    path,
    message: `${path}'s gradient is the batch sum divided by the batch size: sum the gradient over the batch, do not average it`,
    matches: (actual, c, kase, tol) => c.batch > 1 && allClose(actual, scaled(kase.expected[path], 1 / c.batch), tol),
  }));
  return {
    name,
    signature: `${name}(x, params, gradScores)`,
    fields: FIELDS,
    valid,
    parts: () => PARAMS.map((path) => ({ path, label: `gradient of ${path}`, hint: `it has the shape of params.${path}`, gradient: true })),
    make(c, seed) {
      const { x, params, flat } = network(c, seed);
      const gradScores = normal([c.batch, c.classes], seed + 5);
      const { grads } = sequential(f64(x), LAYERS, flat, { gradOutput: f64(gradScores) });
      return {
        args: [x, params, gradScores],
        inputs: { x, gradScores },
        expected: Object.fromEntries(PARAMS.map((p) => [p, grads[p]])),
      };
    },
    mistakes: averaged,
  };
}
