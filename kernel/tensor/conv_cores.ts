import { convForward, convGradInput, convGradWeight } from "./conv_core.ts";
import type { ConvGeometry } from "./conv_geometry.ts";
import type { OpContext } from "./errors.ts";
import type { Checkpoint } from "./op.ts";
import type { Data } from "./tensor.ts";

/**
 * The three loops every convolution op runs (conv1d/2d forward and backward, and transposed
 * convs through the same three): a backend supplies its own; the TypeScript ones in
 * conv_core.ts are the reference the others are checked against.
 *   forward:    out = conv(x, w) + b            (out overwritten)
 *   gradInput:  dx += the adjoint of forward on dOut
 *   gradWeight: dw += Σ_n dOut_n ⋆ x_n
 * `ctx` names the op and layer in an error of the loops themselves (a backend out of memory).
 */
export interface ConvCores {
  forward(g: ConvGeometry, x: Data, w: Data, b: Data | undefined, out: Data, checkpoint?: Checkpoint, ctx?: OpContext): void;
  gradInput(g: ConvGeometry, dOut: Data, w: Data, dx: Data, checkpoint?: Checkpoint, ctx?: OpContext): void;
  gradWeight(g: ConvGeometry, dOut: Data, x: Data, dw: Data, checkpoint?: Checkpoint, ctx?: OpContext): void;
}

export const referenceConvCores: ConvCores = { forward: convForward, gradInput: convGradInput, gradWeight: convGradWeight };
