import { describe, it } from "vitest";
import { tanh } from "../../../kernel/tensor/ops/tanh.ts";
import { gradcheck, randomInputs } from "../../helpers/gradcheck.ts";

describe("tanh", () => {
  it("backward matches finite differences", () => gradcheck(tanh, randomInputs({ x: [1, 2, 9] }, 63)));
});
