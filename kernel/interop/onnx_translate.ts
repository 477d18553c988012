/** What translating one ONNX node into a notebook cell works with: its operands, its context, its result. */
import type { AttributeValue, OnnxNode } from "./onnx.ts";

/** What a node's input stands for while translating. */
export type Operand =
  /** A tensor: the cell (or weight cell) that holds it, and its rank where known. */
  | { kind: "tensor"; ref: string; rank?: number }
  /** Integers (a shape, axes, indices) as a JavaScript expression; `values` when constant. */
  | { kind: "ints"; expr: string; values?: number[]; scalar?: boolean; items?: string[] }
  /** A constant float scalar, written as a number literal. */
  | { kind: "number"; value: number };

export interface OpContext {
  node: OnnxNode;
  /** Input i as a tensor reference; an initializer becomes a weight cell named after `role`. */
  tensor(i: number, role?: string): { ref: string; rank?: number };
  /** Input i as integers (a constant or a shape expression); `scalar` for a constant of no axes. */
  ints(i: number): { expr: string; values?: number[]; scalar?: boolean; items?: string[] };
  /** Input i as whatever it is, or undefined where the node leaves it out. */
  operand(i: number, role?: string): Operand | undefined;
  /** The node's attribute, or the default. */
  attr<T extends AttributeValue>(name: string, fallback: T): T;
  /** Refuses the node: "node "/x/Conv" (Conv): <why>". */
  fail(why: string): never;
}

/** What a translated node yields: a tensor cell's code (its rank where known) or integers. */
export type Translation = { code: string; rank?: number; uses: string[] } | { ints: string; values?: number[]; items?: string[]; scalar?: boolean } | { alias: Operand };

export type Translate = (c: OpContext) => Translation;

export const list = (values: readonly number[]) => `[${values.join(", ")}]`;
export const one = (values: readonly number[]) => (values.every((v) => v === values[0]) ? String(values[0]) : list(values));

/** ONNX pads for the spatial axes → F.pad's order (last axis first: left, right, top, bottom). */
export function torchPadOrder(pads: readonly number[]): number[] {
  const n = pads.length / 2;
  const out: number[] = [];
  for (let axis = n - 1; axis >= 0; axis--) out.push(pads[axis], pads[axis + n]);
  return out;
}
