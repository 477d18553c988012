import { transposedConvolution } from "../factories/transposed_convolution.ts";

/** conv_transpose2d(x [N, Cin, H, W], weight [Cin, Cout/groups, kH, kW], bias [Cout]?) → [N, Cout, Hout, Wout]. */
export const conv_transpose2d = transposedConvolution("conv_transpose2d", 2);
