import { expect, it } from "vitest";
import { referenceOp } from "../../../kernel/tensor/ops/index.ts";
import { randn, seededRandom } from "../../../kernel/tensor/random.ts";
import type { Tensor } from "../../../kernel/tensor/tensor.ts";
import { describeEachKernelModule } from "../../helpers/kernel_modules.ts";
import { wasmOps } from "../../../kernel/tensor/wasm/ops.ts";
import { wasmConvCores } from "../../../kernel/tensor/wasm/conv_cores.ts";
import { referenceConvCores } from "../../../kernel/tensor/conv_cores.ts";
import { convGeometry } from "../../../kernel/tensor/factories/convolution.ts";

// The WebAssembly convolution kernels against the TypeScript reference, forward and every
// gradient, on seeded random odd shapes: sizes that are no multiple of 4, 1..7 channels per
// group, strides past the kernel, dilation, groups, padding up to kernel - 1.

type Case = { name: "conv1d" | "conv2d" | "conv_transpose1d" | "conv_transpose2d"; x: Tensor; weight: Tensor; bias?: Tensor; options: Record<string, unknown> };

function close(actual: Tensor, expected: Tensor, what: string): void {
  expect(actual.shape, what).toEqual(expected.shape);
  let worst = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i],
      b = expected.data[i];
    if (Number.isNaN(b)) expect(Number.isNaN(a), `${what}[${i}] should be NaN`).toBe(true);
    else if (!Number.isFinite(b)) expect(a, `${what}[${i}]`).toBe(b);
    else worst = Math.max(worst, Math.abs(a - b) / Math.max(1, Math.abs(b)));
  }
  expect(worst, what).toBeLessThan(1e-4);
}

/** A random conv case whose output is not empty. */
function randomCase(random: () => number, seed: number): Case {
  const pick = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const spatial = random() < 0.3 ? 1 : 2;
  const transposed = random() < 0.3;
  for (;;) {
    const groups = pick(1, 3),
      perIn = pick(1, 7),
      perOut = pick(1, 7),
      N = pick(1, 3);
    const k = Array.from({ length: spatial }, () => pick(1, 5));
    const stride = k.map(() => pick(1, 4)),
      dilation = k.map(() => pick(1, 2));
    const padding = k.map((kk) => pick(0, kk - 1));
    const size = k.map(() => pick(1, 13));
    const Cin = groups * perIn,
      Cout = groups * perOut;
    if (!transposed) {
      const out = size.map((L, i) => Math.floor((L + 2 * padding[i] - dilation[i] * (k[i] - 1) - 1) / stride[i]) + 1);
      if (out.some((o) => o < 1)) continue;
      return {
        name: spatial === 1 ? "conv1d" : "conv2d",
        x: randn([N, Cin, ...size], { seed }),
        weight: randn([Cout, perIn, ...k], { seed: seed + 1 }),
        bias: random() < 0.5 ? randn([Cout], { seed: seed + 2 }) : undefined,
        options: { stride, padding, dilation, groups },
      };
    }
    const out = size.map((L, i) => (L - 1) * stride[i] - 2 * padding[i] + dilation[i] * (k[i] - 1) + 1);
    if (out.some((o) => o < 1)) continue;
    return {
      name: spatial === 1 ? "conv_transpose1d" : "conv_transpose2d",
      x: randn([N, Cin, ...size], { seed }),
      weight: randn([Cin, perOut, ...k], { seed: seed + 1 }),
      bias: random() < 0.5 ? randn([Cout], { seed: seed + 2 }) : undefined,
      options: { stride, padding, dilation, groups },
    };
  }
}

function compare(c: Case, label: string): void {
  const inputs = { x: c.x, weight: c.weight, ...(c.bias ? { bias: c.bias } : {}) };
  const ref = referenceOp(c.name),
    fast = wasmOps[c.name];
  const r = ref.forward(inputs, c.options),
    f = fast.forward(inputs, c.options);
  close(f.output, r.output, `${label} forward`);
  const gradOutput = randn(r.output.shape, { seed: 99 });
  const rg = ref.backward(gradOutput, r.saved, c.options),
    fg = fast.backward(gradOutput, f.saved, c.options);
  for (const slot of Object.keys(rg)) close(fg[slot], rg[slot], `${label} grad ${slot}`);
}

describeEachKernelModule("WebAssembly convolution kernels against the reference", () => {
  it("agree on 300 random odd shapes: forward, input, weight and bias gradients, conv and transposed conv, 1-D and 2-D", () => {
    const random = seededRandom(15);
    for (let i = 0; i < 300; i++) {
      const c = randomCase(random, 1000 + i * 7);
      compare(c, `#${i} ${c.name} x ${JSON.stringify(c.x.shape)} w ${JSON.stringify(c.weight.shape)} ${JSON.stringify(c.options)}`);
    }
  });

  it("agree on the bench's workloads and on tiles that fill exactly (8 positions, 4 channels)", () => {
    const cases: Case[] = [
      { name: "conv2d", x: randn([1, 1, 28, 28], { seed: 1 }), weight: randn([8, 1, 5, 5], { seed: 2 }), options: {} },
      { name: "conv2d", x: randn([4, 3, 32, 32], { seed: 3 }), weight: randn([16, 3, 3, 3], { seed: 4 }), bias: randn([16], { seed: 5 }), options: { padding: 1 } },
      { name: "conv2d", x: randn([4, 16, 16, 16], { seed: 6 }), weight: randn([32, 16, 3, 3], { seed: 7 }), options: { stride: 2, padding: 1 } },
      { name: "conv2d", x: randn([2, 4, 8, 8], { seed: 8 }), weight: randn([4, 4, 1, 1], { seed: 9 }), options: {} },
      { name: "conv2d", x: randn([1, 2, 9, 9], { seed: 10 }), weight: randn([4, 2, 2, 2], { seed: 11 }), options: { padding: "same" } },
      // 1 × 1, stride 1, no padding: a matrix product (the GEMM kernel), with bias, groups, odd sizes, 1-D.
      { name: "conv2d", x: randn([3, 16, 7, 9], { seed: 12 }), weight: randn([24, 16, 1, 1], { seed: 13 }), bias: randn([24], { seed: 14 }), options: {} },
      { name: "conv2d", x: randn([2, 6, 5, 3], { seed: 15 }), weight: randn([9, 2, 1, 1], { seed: 16 }), bias: randn([9], { seed: 17 }), options: { groups: 3 } },
      { name: "conv1d", x: randn([2, 5, 11], { seed: 18 }), weight: randn([7, 5, 1], { seed: 19 }), options: {} },
      // A transposed 1 × 1 conv runs the input gradient's loop onto its bias: the products must add to what is there.
      { name: "conv_transpose2d", x: randn([2, 8, 5, 6], { seed: 20 }), weight: randn([8, 12, 1, 1], { seed: 21 }), bias: randn([12], { seed: 22 }), options: {} },
    ];
    for (const [i, c] of cases.entries()) compare(c, `workload ${i}`);
  });

  it("propagate NaN and Inf as the reference does: no zero weight is skipped", () => {
    const x = randn([1, 2, 9, 10], { seed: 20 });
    x.data[13] = Number.NaN;
    x.data[100] = Number.POSITIVE_INFINITY;
    const weight = randn([5, 2, 3, 3], { seed: 21 });
    weight.data.fill(0, 0, 18); // the first output channel's weights are all zero: 0 · Inf is NaN
    compare({ name: "conv2d", x, weight, options: { padding: 1 } }, "NaN and Inf");
    const out = wasmOps.conv2d.forward({ x, weight }, { padding: 1 }).output;
    // Channel 0 has only zero weights, yet the windows over the NaN and the Inf give NaN.
    expect(Array.from(out.data.subarray(0, 90)).filter(Number.isNaN).length).toBeGreaterThan(0);
    expect(Array.from(out.data.subarray(0, 90)).filter((v) => v === 0).length).toBeGreaterThan(0);
  });

  it("add the input gradient to what the buffer holds, as the reference's loops do (pointwise and direct paths)", () => {
    for (const [k, stride, padding] of [
      [1, 1, 0],
      [3, 2, 1],
    ]) {
      const { geometry: g } = convGeometry({ op: "conv2d" }, 2, { x: [2, 6, 7, 7], weight: [8, 6, k, k] }, { stride, padding });
      const dOut = randn([2, 8, g.outH, g.outW], { seed: 40 }).data,
        w = randn([8, 6, k, k], { seed: 41 }).data;
      const start = randn([2, 6, 7, 7], { seed: 42 }).data as Float32Array;
      const ours = start.slice(),
        theirs = start.slice();
      wasmConvCores.gradInput(g, dOut, w, ours);
      referenceConvCores.gradInput(g, dOut, w, theirs);
      close({ shape: [ours.length], data: ours }, { shape: [theirs.length], data: theirs }, `${k} x ${k} gradInput onto a buffer`);
    }
  });

  it("leave float64 (gradient checks) to the reference, bit for bit", () => {
    const x = randn([1, 2, 6, 6], { seed: 30, dtype: "float64" }),
      weight = randn([3, 2, 3, 3], { seed: 31, dtype: "float64" });
    const r = referenceOp("conv2d").forward({ x, weight }, {}),
      f = wasmOps.conv2d.forward({ x, weight }, {});
    expect(f.output.data).toBeInstanceOf(Float64Array);
    expect(Array.from(f.output.data)).toEqual(Array.from(r.output.data));
  });
});
