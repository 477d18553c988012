import { describe, it } from "vitest";
import { hardtanh } from "../../../kernel/tensor/ops/hardtanh.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// hardtanh: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("hardtanh", () => {
  it("backward matches finite differences", () => {
    gradcheck(hardtanh, randomInputs({ x: [3, 5] }, 130), {});
    gradcheck(hardtanh, randomInputs({ x: [3, 5] }, 131), { minVal: -0.3, maxVal: 0.6 });
  });
});
