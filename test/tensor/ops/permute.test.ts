import { describe, it } from "vitest";
import { permute } from "../../../kernel/tensor/ops/permute.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// permute: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("permute", () => {
  it("backward matches finite differences", () => {
    gradcheck(permute, randomInputs({ x: [2, 3, 4] }, 130), { dims: [1, 2, 0] });
  });
});
