import { describe, it } from "vitest";
import { reshape } from "../../../kernel/tensor/ops/reshape.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// reshape: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("reshape", () => {
  it("backward matches finite differences", () => {
    gradcheck(reshape, randomInputs({ x: [2, 3, 4] }, 130), { shape: [6, -1] });
  });
});
