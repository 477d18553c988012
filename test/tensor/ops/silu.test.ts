import { describe, it } from "vitest";
import { silu } from "../../../kernel/tensor/ops/silu.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// silu: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("silu", () => {
  it("backward matches finite differences", () => {
    gradcheck(silu, randomInputs({ x: [3, 5] }, 130), {});
  });
});
