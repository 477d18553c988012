import { describe, it } from "vitest";
import { group_norm } from "../../../kernel/tensor/ops/group_norm.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

// group_norm: its gradient against finite differences (values, errors and the golden cases are in the grouped tests beside it and test/tensor/golden.test.ts).
describe("group_norm", () => {
  it("backward matches finite differences", () => {
    gradcheck(group_norm, randomInputs({ x: [2, 4, 3], weight: [4], bias: [4] }, 130), { numGroups: 2 });
  });
});
