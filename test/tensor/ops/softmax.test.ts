import { describe, expect, it } from "vitest";
import { softmax } from "../../../kernel/tensor/ops/softmax.ts";
import { tensor } from "../../../kernel/tensor/tensor.ts";
import { softmaxFamilyChecks } from "../../helpers/softmax_family.ts";

describe("softmax", () => {
  softmaxFamilyChecks(softmax);
  it("sums to one along the class axis", () => {
    const y = softmax.forward({ x: tensor([1, 2, 3, 0, 0, 0], [2, 3], "float64") }, {}).output.data;
    expect(y[0] + y[1] + y[2]).toBeCloseTo(1, 12);
    expect(y[3]).toBeCloseTo(1 / 3, 12);
  });
});
