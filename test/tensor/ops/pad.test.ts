import { describe, it } from "vitest";
import { pad } from "../../../kernel/tensor/ops/pad.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// pad: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("pad", () => {
  it("backward matches finite differences", () => {
    gradcheck(pad, randomInputs({ x: [1, 2, 4, 4] }, 130), { pad: [1, 2, 3, 0], mode: "reflect" });
    gradcheck(pad, randomInputs({ x: [1, 2, 4, 4] }, 131), { pad: [2, 2], mode: "replicate" });
  });
});
