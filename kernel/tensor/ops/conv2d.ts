import { convolution } from "../factories/convolution.ts";

/** conv2d(x [N, Cin, H, W], weight [Cout, Cin/groups, kH, kW], bias [Cout]?) → [N, Cout, Hout, Wout]. */
export const conv2d = convolution("conv2d", 2);
