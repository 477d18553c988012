import { describe, it } from "vitest";
import { interpolate } from "../../../kernel/tensor/ops/interpolate.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// interpolate: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("interpolate", () => {
  it("backward matches finite differences", () => {
    gradcheck(interpolate, randomInputs({ x: [1, 2, 3, 4] }, 130), { size: [5, 6], mode: "bilinear" });
    gradcheck(interpolate, randomInputs({ x: [1, 2, 3, 4] }, 131), { scaleFactor: 2 });
  });
});
