import { convolution } from "../factories/convolution.ts";

/** conv1d(x [N, Cin, L], weight [Cout, Cin/groups, K], bias [Cout]?) → [N, Cout, Lout]. */
export const conv1d = convolution("conv1d", 1);
