import { transposedConvolution } from "../factories/transposed_convolution.ts";

/** conv_transpose1d(x [N, Cin, L], weight [Cin, Cout/groups, K], bias [Cout]?) → [N, Cout, Lout]. */
export const conv_transpose1d = transposedConvolution("conv_transpose1d", 1);
