import { describe, expect, it } from "vitest";
import { interpolate } from "../../../kernel/tensor/ops/interpolate.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// interpolate: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("interpolate", () => {
  it("backward matches finite differences", () => {
    gradcheck(interpolate, randomInputs({ x: [1, 2, 3, 4] }, 130), { size: [5, 6], mode: "bilinear" });
    gradcheck(interpolate, randomInputs({ x: [1, 2, 3, 4] }, 131), { scaleFactor: 2 });
  });

  it("refuses a scale that leaves no output position, as PyTorch does", () => {
    expect(() => interpolate.infer({ x: [8, 1, 8, 8] }, { scaleFactor: 0.1, name: "tiny" })).toThrow(
      'interpolate "tiny": scaleFactor 0.1 gives an output size of 0 for an input of 8 along axis 2 (needs at least 1)',
    );
  });
});
