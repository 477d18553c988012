import type { CheckKind } from "../kind.ts";
import { convBackward, convForward } from "./conv.ts";
import { poolBackward, poolForward } from "./pooling.ts";
import { downsampleBackward, downsampleForward } from "./resample.ts";
import { distributedKind, mlpToCnnKind } from "./scanning.ts";
import { smallCnnBackwardKind, smallCnnForwardKind } from "./small_cnn.ts";

/**
 * The only list of check kinds. A kind's name is the name of the function the exercise asks
 * for, so a check cell `check("...", conv1d, {kind: "conv1d"})` reads as what it tests.
 */
const all: CheckKind[] = [
  convForward("conv1dStride1", 1, false),
  convBackward("conv1dStride1Backward", 1, false),
  downsampleForward("downsample1d", 1),
  downsampleBackward("downsample1dBackward", 1),
  convForward("conv1d", 1, true),
  convBackward("conv1dBackward", 1, true),
  convForward("conv2dStride1", 2, false),
  convBackward("conv2dStride1Backward", 2, false),
  downsampleForward("downsample2d", 2),
  downsampleBackward("downsample2dBackward", 2),
  convForward("conv2d", 2, true),
  convBackward("conv2dBackward", 2, true),
  poolForward("maxPool2d", "max"),
  poolBackward("maxPool2dBackward", "max"),
  poolForward("meanPool2d", "mean"),
  poolBackward("meanPool2dBackward", "mean"),
  mlpToCnnKind("mlpToCnn"),
  distributedKind("distributedMlpToCnn"),
  smallCnnForwardKind("smallCnnForward"),
  smallCnnBackwardKind("smallCnnBackward"),
];

export const kinds: ReadonlyMap<string, CheckKind> = new Map(all.map((k) => [k.name, k]));

export function getKind(name: string): CheckKind {
  const kind = kinds.get(name);
  if (!kind) throw new Error(`unknown check kind "${name}" (known: ${[...kinds.keys()].join(", ")})`);
  return kind;
}
