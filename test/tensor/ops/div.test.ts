import { describe, it } from "vitest";
import { div } from "../../../kernel/tensor/ops/div.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// div: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("div", () => {
  it("backward matches finite differences", () => {
    const inputs = randomInputs({ a: [2, 3], b: [3] }, 130);
    inputs.b.data.forEach((v, k) => (inputs.b.data[k] = 1 + Math.abs(v))); // away from 0
    gradcheck(div, inputs, {});
  });
});
