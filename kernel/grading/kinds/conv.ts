import { conv1d } from "../../tensor/ops/conv1d.ts";
import { conv2d } from "../../tensor/ops/conv2d.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { allClose } from "../compare.ts";
import type { CheckKind, Config, Field, Mistake, Part } from "../kind.ts";
import { f64, flipKernel, normal, scaled, spatialSizes } from "./tensors.ts";

/**
 * Convolution exercises, in 1-D and 2-D: forward and backward, with stride 1 or any stride
 * (the lecture builds the strided one from a stride-1 convolution and downsampling).
 * Calling conventions: conv(x, weight, bias[, stride]) → y;
 * convBackward(x, weight, gradOutput[, stride]) → {gradInput, gradWeight, gradBias}.
 */
type Spatial = 1 | 2;

const FIELDS: Field[] = [
  { name: "batch", min: 1, max: 4 },
  { name: "inChannels", min: 1, max: 4 },
  { name: "outChannels", min: 1, max: 5 },
  { name: "height", min: 1, max: 12 },
  { name: "width", min: 1, max: 24 },
  { name: "kernel", min: 1, max: 5 },
  { name: "stride", min: 1, max: 3 },
];

function fieldsFor(spatial: Spatial, strided: boolean): Field[] {
  return FIELDS.filter((f) => (spatial === 2 || f.name !== "height") && (strided || f.name !== "stride"));
}

const valid = (spatial: Spatial) => (c: Config) => spatialSizes(c, spatial).every((L) => c.kernel <= L);

const outSize = (L: number, K: number, S: number) => Math.floor((L - K) / S) + 1;

function inputs(c: Config, spatial: Spatial, seed: number) {
  const sizes = spatialSizes(c, spatial),
    k = sizes.map(() => c.kernel);
  return {
    x: normal([c.batch, c.inChannels, ...sizes], seed),
    weight: normal([c.outChannels, c.inChannels, ...k], seed + 1),
    bias: normal([c.outChannels], seed + 2),
  };
}

const op = (spatial: Spatial) => (spatial === 1 ? conv1d : conv2d);

function reference(spatial: Spatial, x: Tensor, weight: Tensor, bias: Tensor, stride: number) {
  const { output, saved } = op(spatial).forward({ x: f64(x), weight: f64(weight), bias: f64(bias) }, { stride });
  return { output, saved };
}

/** What a wrong output size should make the student re-check. */
function sizeHint(spatial: Spatial, strided: boolean): string {
  const rule = (L: string) => (strided ? `(${L} - K)/S + 1` : `${L} - K + 1`);
  return spatial === 1 ? `check ${rule("W")}` : `check ${rule("H")} and ${rule("W")}`;
}

export function convForward(name: string, spatial: Spatial, strided: boolean): CheckKind {
  const args = strided ? "x, weight, bias, stride" : "x, weight, bias";
  const hint = sizeHint(spatial, strided);
  const mistakes: Mistake[] = strided
    ? [
        {
          path: "",
          message: "the downsampled size looks rounded down: downsampling a width W by k keeps ceil(W / k) values (the first, then every k-th)",
          matches(actual, c) {
            const stride1 = spatialSizes(c, spatial).map((L) => L - c.kernel + 1);
            const floored = stride1.map((L) => Math.floor(L / c.stride));
            return stride1.some((L) => L % c.stride !== 0) && actual.shape.slice(2).every((d, i) => d === floored[i]);
          },
        },
      ]
    : [];
  return {
    name,
    signature: `${name}(${args})`,
    fields: fieldsFor(spatial, strided),
    valid: valid(spatial),
    parts: (): Part[] => [{ path: "", label: "output", hint }],
    make(c, seed) {
      const { x, weight, bias } = inputs(c, spatial, seed);
      const stride = strided ? c.stride : 1;
      const { output } = reference(spatial, x, weight, bias, stride);
      return { args: strided ? [x, weight, bias, stride] : [x, weight, bias], inputs: { x, weight, bias }, expected: { "": output } };
    },
    mistakes,
  };
}

export function convBackward(name: string, spatial: Spatial, strided: boolean): CheckKind {
  const args = strided ? "x, weight, gradOutput, stride" : "x, weight, gradOutput";
  const grads = (spatial: Spatial, x: Tensor, weight: Tensor, bias: Tensor, dy: Tensor, stride: number) => {
    const { saved } = reference(spatial, x, weight, bias, stride);
    return op(spatial).backward(f64(dy), saved, { stride });
  };
  const mistakes: Mistake[] = [
    {
      path: "gradInput",
      message: "gradInput matches a full convolution of gradOutput with the kernel NOT flipped: the input gradient convolves with the flipped kernel",
      matches(actual, c, kase, tol) {
        if (c.kernel === 1) return false;
        const { x, weight, bias, gradOutput } = kase.inputs;
        const unflipped = grads(spatial, x, flipKernel(weight), bias, gradOutput, strided ? c.stride : 1).x;
        return allClose(actual, unflipped, tol);
      },
    },
    ...(["gradWeight", "gradBias"] as const).map(
      (path): Mistake => ({
        path,
        message: `${path} is the batch sum divided by the batch size: a shared parameter's gradient is the SUM over the batch (and over positions), not the mean`,
        matches: (actual, c, kase, tol) => c.batch > 1 && allClose(actual, scaled(kase.expected[path], 1 / c.batch), tol),
      }),
    ),
  ];
  return {
    name,
    signature: `${name}(${args})`,
    fields: fieldsFor(spatial, strided),
    valid: valid(spatial),
    parts: (): Part[] => [
      { path: "gradInput", label: "gradInput", hint: "it has the shape of x", gradient: true },
      { path: "gradWeight", label: "gradWeight", hint: "it has the shape of weight", gradient: true },
      { path: "gradBias", label: "gradBias", hint: "it has the shape of bias, [Cout]", gradient: true },
    ],
    make(c, seed) {
      const { x, weight, bias } = inputs(c, spatial, seed);
      const stride = strided ? c.stride : 1;
      const out = spatialSizes(c, spatial).map((L) => outSize(L, c.kernel, stride));
      const gradOutput = normal([c.batch, c.outChannels, ...out], seed + 3);
      const g = grads(spatial, x, weight, bias, gradOutput, stride);
      return {
        args: strided ? [x, weight, gradOutput, stride] : [x, weight, gradOutput],
        inputs: { x, weight, bias, gradOutput },
        expected: { gradInput: g.x, gradWeight: g.weight, gradBias: g.bias },
      };
    },
    mistakes,
  };
}
