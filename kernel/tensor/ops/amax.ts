import { forEachLine, resolveDim } from "../dims.ts";
import { booleanOption, fail } from "../errors.ts";
import { context, defineOp, type BaseOptions, type OpDef } from "../op.ts";
import { allocate, dtypeOf, formatShape, sizeOf, type Tensor } from "../tensor.ts";

export interface AmaxOptions extends BaseOptions {
  dim: number;
  keepdim?: boolean;
}

function outShape(shape: readonly number[], dim: number, keepdim: boolean): number[] {
  return keepdim ? shape.map((d, i) => (i === dim ? 1 : d)) : shape.filter((_, i) => i !== dim);
}

/**
 * amax(x, {dim, keepdim = false}): the maximum along one axis, as torch.amax — the "max over
 * time" of a time-delay network. The gradient is shared evenly among tied maxima, as PyTorch does.
 */
export const amax: OpDef<AmaxOptions, { x: Tensor; y: Tensor; dim: number }> = defineOp({
  name: "amax",
  inputs: ["x"],
  differentiable: ["x"],
  options: ["dim", "keepdim"],
  infer({ x }, options) {
    const ctx = context("amax", options);
    if (!x) fail(ctx, "missing input x");
    if (x.length === 0) fail(ctx, "expected a tensor of rank >= 1, got a scalar");
    if (options.dim === undefined) fail(ctx, "dim is required (the axis to take the maximum over)");
    const dim = resolveDim(ctx, "dim", options.dim, x.length);
    const keepdim = booleanOption(ctx, "keepdim", options.keepdim, false);
    // A maximum over no values has no value; PyTorch refuses it too. Other empty axes
    // (an empty batch) just give an empty result.
    if (x[dim] === 0) fail(ctx, `cannot take the maximum over dim ${dim} of size 0 (input ${formatShape(x)})`);
    return { shape: outShape(x, dim, keepdim), params: 0, macs: 0, windows: null };
  },
  forward({ x }, options) {
    const { shape } = amax.infer({ x: x?.shape }, options);
    const dim = resolveDim(context("amax", options), "dim", options.dim, x!.shape.length);
    const xd = x!.data;
    const y = allocate(sizeOf(shape), dtypeOf(x!));
    let line = 0;
    forEachLine(x!.shape, dim, (start, step, length) => {
      let best = -Infinity;
      for (let i = 0, j = start; i < length; i++, j += step) if (xd[j] > best || xd[j] !== xd[j]) best = xd[j];
      y[line++] = best;
    });
    const output = { shape, data: y };
    return { output, saved: { x: x!, y: output, dim } };
  },
  backward(gradOutput, { x, y, dim }) {
    const xd = x.data,
      g = gradOutput.data;
    const dx = allocate(xd.length, dtypeOf(gradOutput));
    let line = 0;
    forEachLine(x.shape, dim, (start, step, length) => {
      const best = y.data[line];
      let ties = 0;
      for (let i = 0, j = start; i < length; i++, j += step) if (xd[j] === best) ties++;
      const share = ties > 0 ? g[line] / ties : 0;
      for (let i = 0, j = start; i < length; i++, j += step) if (xd[j] === best) dx[j] = share;
      line++;
    });
    return { x: { shape: [...x.shape], data: dx } };
  },
});
