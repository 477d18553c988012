import { describe, expect, it } from "vitest";
import { checkSpec } from "../../kernel/grading/spec.ts";
import { checkInProcess } from "../helpers/in_process_program.ts";

/** conv1d at any stride with knobs for the mistakes students make. */
function conv1dSource({ name = "conv1d", minus = 0, when = "true" } = {}) {
  return `function ${name}(x, weight, bias, stride) {
    const [N, C, W] = x.shape, [O, , K] = weight.shape, L = Math.floor((W - K) / stride) + 1 - ${minus};
    const data = new Float32Array(N * O * L);
    for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let i = 0; i < L; i++) {
      let s = bias.data[o];
      for (let c = 0; c < C; c++) for (let k = 0; k < K; k++) s += weight.data[(o * C + c) * K + k] * x.data[(n * C + c) * W + i * stride + k];
      // A planted bug that shows only in some configurations.
      if (${when} && n === N - 1 && o === 0 && i === 0 && N > 1 && W > 5) s += 1;
      data[(n * O + o) * L + i] = s;
    }
    return { shape: [N, O, L], data };
  }`;
}

const GIVEN = { batch: 2, inChannels: 3, outChannels: 6, width: 64, kernel: 3, stride: 1 };

describe("runCheck", () => {
  it("passes a correct function on the given and random configurations", async () => {
    const spec = checkSpec("conv1d", "conv1d", { configs: [GIVEN], random: 6 });
    const r = await checkInProcess(spec, 3, conv1dSource({ when: "false" }));
    expect(r).toMatchObject({ passed: true, score: 1, cases: 7, message: "passed 7 cases (output)" });
  });

  it("says a wrong shape first, with the rule to check: the issue's own example", async () => {
    const spec = checkSpec("conv1d", "conv1d", { configs: [GIVEN], random: 0 });
    const r = await checkInProcess(spec, 3, conv1dSource({ minus: 1 }));
    expect(r.passed).toBe(false);
    expect(r.message).toBe("your output is [2, 6, 61], expected [2, 6, 62]: check (W - K)/S + 1 (batch 2, inChannels 3, outChannels 6, width 64, kernel 3, stride 1)");
    expect(r.failure).toMatchObject({ reason: "shape", part: "output" });
    expect(r.failure?.expected).toBeUndefined();
  });

  it("shows wrong values with the worst element, the maps, and the smallest configuration that still fails", async () => {
    const spec = checkSpec("conv1d", "conv1d", { configs: [GIVEN], random: 0 });
    const r = await checkInProcess(spec, 3, conv1dSource());
    expect(r.message).toMatch(/^output is off in 1 of 744 values; the worst at \[1, 0, 0\]: expected -?[\d.]+, got -?[\d.]+ \(batch 2,/);
    // The bug needs a second sample and a width over 5: shrinking keeps exactly those.
    expect(r.smallest).toEqual({ batch: 2, inChannels: 1, outChannels: 1, width: 6, kernel: 1, stride: 1 });
    expect(r.smallestMessage).toMatch(/^output is off in 1 of 12 values; the worst at \[1, 0, 0\]/);
    const f = r.failure!;
    // The plane of sample 1 ([C, W] = [6, 62]), the worst element marked in the actual and difference maps.
    expect(f.expected).toMatchObject({ rows: 6, cols: 62, at: [1] });
    expect(f.actual?.mark).toEqual([0, 0]);
    expect(f.difference?.values[0]).toBeCloseTo(1, 5);
    expect(f.difference?.values.slice(1).every((v) => Math.abs(v) < 1e-4)).toBe(true);
  });

  it("gives partial credit per part: a backward with one wrong gradient keeps two thirds", async () => {
    const backward = `function conv1dStride1Backward(x, weight, gradOutput) {
      const [N, C, W] = x.shape, [O, , K] = weight.shape, L = gradOutput.shape[2];
      const gi = new Float32Array(N * C * W), gw = new Float32Array(O * C * K), gb = new Float32Array(O);
      for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let i = 0; i < L; i++) {
        const g = gradOutput.data[(n * O + o) * L + i];
        gb[o] += g;
        for (let c = 0; c < C; c++) for (let k = 0; k < K; k++) {
          gw[(o * C + c) * K + k] += g * x.data[(n * C + c) * W + i + k];
          gi[(n * C + c) * W + i + k] += g * weight.data[(o * C + c) * K + (K - 1 - k)];
        }
      }
      return { gradInput: { shape: x.shape, data: gi }, gradWeight: { shape: weight.shape, data: gw }, gradBias: { shape: [O], data: gb } };
    }`;
    const spec = { ...checkSpec("backward", "conv1dStride1Backward", { configs: [{ batch: 2, inChannels: 2, outChannels: 3, width: 9, kernel: 3 }], random: 2 }), points: 3 };
    const r = await checkInProcess(spec, 5, backward);
    expect(r.score).toBe(2);
    expect(r.parts.map((p) => p.passed)).toEqual([false, true, true]);
    expect(r.mistake).toContain("NOT flipped");
    // A gradient shows its relative error, the worst element outlined.
    expect(r.failure?.relativeError?.mark).toBeDefined();
    expect(r.failure?.difference).toBeUndefined();
  });

  it("names what a function returned when it is not a tensor", async () => {
    const spec = checkSpec("down", "downsample1d", { configs: [{ batch: 1, channels: 1, width: 4, factor: 2 }], random: 0 });
    expect((await checkInProcess(spec, 1, "function downsample1d(x, k) { }")).message).toBe(
      "downsample1d's result is undefined; expected a tensor {shape, data} (batch 1, channels 1, width 4, factor 2)",
    );
    expect((await checkInProcess(spec, 1, "function downsample1d(x, k) { return {shape: [1, 1, 2], data: [1]} }")).message).toMatch(
      /^downsample1d's result has shape \[1, 1, 2\] \(2 values\) but 1 values in data/,
    );
    expect((await checkInProcess(spec, 1, "function downsample1d(x, k) { return {shape: [1, 1, 2], data: [NaN, 0]} }")).message).toMatch(
      /^output is off in 2 of 2 values; the worst at \[0, 0, 0\]: expected -?[\d.]+, got NaN/,
    );
  });

  it("a function that is missing or broke when defined fails with why, without shrinking", async () => {
    const spec = checkSpec("down", "downsample1d", { random: 3 });
    expect(await checkInProcess(spec, 1, "function other() {}")).toMatchObject({ score: 0, message: "downsample1d is not defined: write it in its exercise cell" });
    const broken = await checkInProcess(spec, 1, "function downsample1d(x, k) { return x }\nthrow new Error('oops')");
    expect(broken.message).toBe("exercise 1 failed when it was defined: oops");
    expect(broken.smallest).toBeUndefined();
    expect((await checkInProcess(spec, 1, "function downsample1d(x k) {}")).message).toMatch(/^exercise 1 does not compile: /);
  });
});

describe("checkSpec", () => {
  it("fills the defaults and refuses what it cannot use, naming the check", async () => {
    expect(checkSpec("t", "conv1d")).toMatchObject({ kind: "conv1d", configs: [], random: 5, points: 1, hidden: false, tolerance: { rtol: 1e-3, atol: 1e-4 } });
    expect(() => checkSpec("t", "conv9d")).toThrow('check "t": unknown check kind "conv9d"');
    expect(() => checkSpec("t", "conv1d", { configs: [{ batch: 1 }] as never })).toThrow('check "t": configuration 1 lacks inChannels, outChannels, width, kernel, stride');
    expect(() => checkSpec("t", "conv1d", { configs: [{ ...GIVEN, kernel: 99 }] })).toThrow("configuration 1 is not valid for conv1d");
    expect(() => checkSpec("t", "conv1d", { hidden: true } as never)).toThrow("hidden goes on the cell's marker line: // @check hidden points=2");
    expect(() => checkSpec("t", "conv1d", { random: 0 })).toThrow("give configs or random > 0, or it checks nothing");
  });
});
