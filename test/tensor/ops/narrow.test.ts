import { describe, it } from "vitest";
import { narrow } from "../../../kernel/tensor/ops/narrow.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// narrow: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("narrow", () => {
  it("backward matches finite differences", () => {
    gradcheck(narrow, randomInputs({ x: [3, 5] }, 130), { dim: 1, start: -3, length: 2 });
  });
});
