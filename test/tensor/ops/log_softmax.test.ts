import { describe, expect, it } from "vitest";
import { log_softmax } from "../../../kernel/tensor/ops/log_softmax.ts";
import { softmax } from "../../../kernel/tensor/ops/softmax.ts";
import { softmaxFamilyChecks } from "../../helpers/softmax_family.ts";
import { randomInputs } from "../../helpers/gradcheck.ts";

describe("log_softmax", () => {
  softmaxFamilyChecks(log_softmax);
  it("is the log of softmax", () => {
    const x = randomInputs({ x: [3, 5] }, 1).x;
    const a = log_softmax.forward({ x }, {}).output.data,
      b = softmax.forward({ x }, {}).output.data;
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(Math.log(b[i]), 12);
  });
});
