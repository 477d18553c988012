import { describe, expect, it } from "vitest";
import { conv1d } from "../../../kernel/tensor/ops/conv1d.ts";
import { tensor, zeros } from "../../../kernel/tensor/tensor.ts";
import { gradcheck, intRange, randomInputs, seededRandom } from "../../helpers/gradcheck.ts";

const cases: [string, Record<string, number[]>, Record<string, unknown>][] = [
  ["N=1, C=1", { x: [1, 1, 7], weight: [1, 1, 3], bias: [1] }, {}],
  ["kernel = input width", { x: [2, 3, 5], weight: [2, 3, 5], bias: [2] }, {}],
  ["stride > kernel", { x: [2, 2, 12], weight: [3, 2, 2] }, { stride: 5 }],
  ["dilation > 1", { x: [1, 2, 11], weight: [2, 2, 3], bias: [2] }, { dilation: 3, padding: 1 }],
  ["groups > 1", { x: [2, 4, 9], weight: [6, 2, 3], bias: [6] }, { groups: 2, stride: 2 }],
  ["padding = kernel - 1", { x: [1, 2, 4], weight: [2, 2, 4] }, { padding: 3 }],
  ["1x1 kernel", { x: [2, 3, 6], weight: [4, 3, 1], bias: [4] }, {}],
];
for (let seed = 1; seed <= 5; seed++) {
  const next = seededRandom(100 + seed);
  const groups = intRange(next, 1, 3),
    k = intRange(next, 1, 4),
    d = intRange(next, 1, 3);
  cases.push([
    `random #${seed}`,
    {
      x: [intRange(next, 1, 3), groups * intRange(next, 1, 2), d * (k - 1) + 1 + intRange(next, 0, 6)],
      weight: [groups * intRange(next, 1, 2), 0, k],
    },
    { stride: intRange(next, 1, 4), padding: intRange(next, 0, k - 1), dilation: d, groups },
  ]);
}

describe("conv1d", () => {
  for (const [label, shapes, options] of cases) {
    it(`backward matches finite differences: ${label}`, () => {
      const groups = (options.groups as number) ?? 1;
      if (shapes.weight[1] === 0) shapes.weight[1] = shapes.x[1] / groups;
      gradcheck(conv1d, randomInputs(shapes, 3), options);
    });
  }

  it("slides a pattern detector along time", () => {
    const x = tensor([0, 1, 2, 1, 0, 0, 1, 2, 1], [1, 1, 9]);
    const w = tensor([1, 2, 1], [1, 1, 3]);
    expect(Array.from(conv1d.forward({ x, weight: w }, {}).output.data)).toEqual([4, 6, 4, 1, 1, 4, 6]);
  });

  it("rejects bad input with the op and layer named", () => {
    const x = zeros([2, 3, 10]);
    expect(() => conv1d.forward({ x, weight: zeros([4, 3, 3, 3]) }, { name: "tdnn1" })).toThrow('conv1d "tdnn1": expected weight [Cout, Cin/groups, kL], got [4, 3, 3, 3]');
    expect(() => conv1d.forward({ x: zeros([2, 10, 3]), weight: zeros([4, 3, 3]) }, { name: "tdnn1" })).toThrow(
      'conv1d "tdnn1": expected input [N, 3, L], got [2, 10, 3] (channels last? use [N, C, L])',
    );
    expect(() => conv1d.forward({ x, weight: zeros([4, 3, 12]) }, { name: "tdnn1" })).toThrow('conv1d "tdnn1": kernel 12 larger than input 10 (L)');
    expect(() => conv1d.forward({ x, weight: zeros([4, 3, 3]) }, { stride: [1, 1] })).toThrow("conv1d: stride needs 1 value (one per spatial axis), got [1, 1]");
  });
});
