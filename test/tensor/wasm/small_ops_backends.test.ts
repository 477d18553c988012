import { expect, it } from "vitest";
import { referenceOp } from "../../../kernel/tensor/ops/index.ts";
import { randn, seededRandom } from "../../../kernel/tensor/random.ts";
import { describeEachKernelModule } from "../../helpers/kernel_modules.ts";
import { wasmOps } from "../../../kernel/tensor/wasm/ops.ts";

/** Bit-for-bit equal, NaN equal to NaN, -0 told apart from 0: these ops do no arithmetic that could round. */
function same(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(
    Array.from(actual).map((v) => (Object.is(v, -0) ? "-0" : String(v))),
    what,
  ).toEqual(Array.from(expected).map((v) => (Object.is(v, -0) ? "-0" : String(v))));
}

/**
 * Within `ulps` units in the last place of float32 (of the larger magnitude, at least that of
 * `floor`), NaN where the reference has NaN, the same infinities and signs of zero.
 */
function closeUlps(actual: ArrayLike<number>, expected: ArrayLike<number>, ulps: number, floor: number | ((i: number) => number), what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i],
      b = expected[i];
    if (Number.isNaN(b)) expect(a, `${what}[${i}]`).toBeNaN();
    else if (!Number.isFinite(b) || b === 0) expect(a, `${what}[${i}] (x = ${i})`).toBe(b);
    else {
      const ulp = 2 ** (Math.floor(Math.log2(Math.max(Math.abs(b), typeof floor === "number" ? floor : floor(i)))) - 23);
      expect(Math.abs(a - b) / ulp, `${what}[${i}]: ${a} vs ${b}`).toBeLessThanOrEqual(ulps);
    }
  }
}

describeEachKernelModule("WebAssembly ReLU and max pooling against the reference", () => {
  it("sigmoid and tanh: within a few float32 ulp of the reference, NaN, ±0, ±Inf, huge and tiny inputs, odd lengths; gradients from the output", () => {
    for (const length of [1, 3, 4, 5, 17, 1000, 4099]) {
      const x = randn([length], { seed: 100 + length });
      if (length > 100) x.data.forEach((v, i) => (x.data[i] = 6 * v)); // into both tails
      const specials = [Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-30, -1e-7, 0.6249, 0.625, -0.6251, 87, -87.5, 88.5, -104, 200, 1e30];
      specials.forEach((v, i) => {
        if (i < length) x.data[(i * 7) % length] = v;
      });
      for (const name of ["sigmoid", "tanh"] as const) {
        const r = referenceOp(name).forward({ x }, {}),
          f = wasmOps[name].forward({ x }, {});
        // Both functions lie in [-1, 1]: errors are counted in ulps of the value, or of 2^-30 near 0
        // (sigmoid of -100 is 4e-44, which no float32 method gets to relative precision).
        closeUlps(f.output.data, r.output.data, 4, 2 ** -30, `${name} forward ${length}`);
        const g = randn([length], { seed: length + 1 });
        g.data[0] = Number.NaN;
        // The gradient from the same output y (each side's own y would differ by the forward's few
        // ulps, which 1 - y magnifies); float32's 1 - y² near y = 1 is good to an ulp of 1, so the
        // error is counted in ulps of |g| where the gradient is much smaller than g.
        const fg = wasmOps[name].backward(g, r.saved, {}).x.data,
          rg = referenceOp(name).backward(g, r.saved, {}).x.data;
        closeUlps(fg, rg, 4, (i) => Math.max(Math.abs(g.data[i]), 2 ** -30), `${name} backward ${length}`);
      }
    }
  });

  it("relu: the same values and gradients, NaN, -0, Inf and odd lengths included", () => {
    for (const length of [1, 3, 4, 5, 17, 1000]) {
      const x = randn([length], { seed: length });
      const specials = [Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
      specials.forEach((v, i) => {
        if (i < length) x.data[(i * 7) % length] = v;
      });
      const r = referenceOp("relu").forward({ x }, {}),
        f = wasmOps.relu.forward({ x }, {});
      same(f.output.data, r.output.data, `relu forward ${length}`);
      const g = randn([length], { seed: length + 1 });
      g.data[0] = Number.NaN;
      same(wasmOps.relu.backward(g, f.saved, {}).x.data, referenceOp("relu").backward(g, r.saved, {}).x.data, `relu backward ${length}`);
    }
  });

  it("max_pool1d/2d: the same maxima, the same positions (ties, NaN, padding, dilation, stride, ceil mode) and gradients", () => {
    const random = seededRandom(18);
    const pick = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    for (let i = 0; i < 150; i++) {
      const spatial = random() < 0.3 ? 1 : 2;
      const kernelSize = Array.from({ length: spatial }, () => pick(1, 4));
      const dilation = kernelSize.map(() => pick(1, 2));
      const padding = kernelSize.map((k, a) => pick(0, Math.floor((dilation[a] * (k - 1) + 1) / 2)));
      const stride = kernelSize.map(() => pick(1, 3));
      const size = kernelSize.map((k, a) => pick(dilation[a] * (k - 1) + 1, i % 10 === 0 ? 30 : 13));
      const x = randn([pick(1, 3), pick(1, 4), ...size], { seed: i });
      // Ties and NaN: a few values repeated, one NaN now and then.
      for (let j = 0; j < x.data.length; j += 5) x.data[j] = 0.5;
      if (i % 4 === 0) x.data[pick(0, x.data.length - 1)] = Number.NaN;
      // Two NaN side by side (the first must win), and -Infinity (taken when a window has nothing larger).
      if (i % 6 === 1) {
        const j = pick(0, x.data.length - 2);
        x.data.fill(Number.NaN, j, j + 2);
      }
      if (i % 5 === 2) for (let j = 1; j < x.data.length; j += 3) x.data[j] = Number.NEGATIVE_INFINITY;
      const options = { kernelSize, stride, padding, dilation, ceilMode: random() < 0.3 };
      const name = spatial === 1 ? "max_pool1d" : "max_pool2d";
      const r = referenceOp(name).forward({ x }, options),
        f = wasmOps[name].forward({ x }, options);
      const what = `#${i} ${name} ${JSON.stringify(x.shape)} ${JSON.stringify(options)}`;
      same(f.output.data, r.output.data, `${what} forward`);
      expect(Array.from(f.saved.argmax), `${what} argmax`).toEqual(Array.from(r.saved.argmax));
      const g = randn(r.output.shape, { seed: i + 500 });
      same(wasmOps[name].backward(g, f.saved, options).x.data, referenceOp(name).backward(g, r.saved, options).x.data, `${what} backward`);
    }
  });
});
