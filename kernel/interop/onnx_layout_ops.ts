/**
 * ONNX's layout operators (Flatten, Reshape, Transpose, Concat, Slice, Pad, Squeeze,
 * Unsqueeze) and those on shapes (Shape, Gather), which become JavaScript on the input's shape
 * inside the cells that read them; Dropout, Identity and Cast pass their input on.
 */
import { list, type Operand, torchPadOrder, type Translate } from "./onnx_translate.ts";

export const flatten: Translate = (c) => {
  const x = c.tensor(0);
  const axis = c.attr<number>("axis", 1);
  if (axis === 1) return { code: `flatten(${x.ref}, {startDim: 1})`, rank: 2, uses: ["flatten"] };
  // ONNX's Flatten always makes [prod(dims before axis), prod(the rest)].
  const before = axis === 0 ? "1" : `${x.ref}.shape.slice(0, ${axis}).reduce((a, b) => a * b, 1)`;
  return { code: `reshape(${x.ref}, [${before}, -1])`, rank: 2, uses: ["reshape"] };
};

export const reshape: Translate = (c) => {
  const x = c.tensor(0);
  const shape = c.ints(1);
  const allowZero = c.attr<number>("allowzero", 0);
  const items = shape.items ?? shape.values?.map(String);
  if (items) {
    if (items.includes("0") && allowZero) return c.fail("allowzero 1 with a 0 in the shape is not supported");
    // A 0 copies the input's size on that axis.
    const dims = items.map((d, i) => (d === "0" ? `${x.ref}.shape[${i}]` : d));
    return { code: `reshape(${x.ref}, [${dims.join(", ")}])`, rank: items.length, uses: ["reshape"] };
  }
  return { code: `reshape(${x.ref}, ${shape.expr}.map((d, i) => (d === 0 ? ${x.ref}.shape[i] : d)))`, uses: ["reshape"] };
};

export const transpose: Translate = (c) => {
  const x = c.tensor(0);
  const perm = c.attr<number[]>("perm", x.rank ? Array.from({ length: x.rank }, (_, i) => x.rank! - 1 - i) : []);
  if (!perm.length) return c.fail("without perm it reverses the axes, and its input's rank is unknown");
  return { code: `permute(${x.ref}, ${list(perm)})`, rank: perm.length, uses: ["permute"] };
};

export const concat: Translate = (c) => {
  const axis = c.attr<number>("axis", 0);
  const parts = c.node.inputs.map((_, i) => c.operand(i));
  if (parts.every((p) => p?.kind === "ints")) {
    const ints = parts as Extract<Operand, { kind: "ints" }>[];
    const values = ints.every((p) => p.values) ? ints.flatMap((p) => p.values!) : undefined;
    // Element by element where each part's elements are known ([x.shape.at(0), -1]), spread otherwise.
    const items = ints.every((p) => p.items ?? p.values) ? ints.flatMap((p) => p.items ?? p.values!.map(String)) : undefined;
    return { ints: items ? `[${items.join(", ")}]` : `[${ints.map((p) => `...${p.expr}`).join(", ")}]`, values, items };
  }
  const tensors = c.node.inputs.map((_, i) => c.tensor(i));
  return { code: `cat([${tensors.map((t) => t.ref).join(", ")}], {dim: ${axis}})`, rank: tensors[0].rank, uses: ["cat"] };
};

const INT_MAX = 2 ** 31;

export const slice: Translate = (c) => {
  const data = c.operand(0);
  const starts = c.ints(1).values,
    ends = c.ints(2).values;
  const axes = c.node.inputs[3] ? c.ints(3).values : starts?.map((_, i) => i);
  const steps = c.node.inputs[4] ? c.ints(4).values : starts?.map(() => 1);
  if (!starts || !ends || !axes || !steps) return c.fail("its starts, ends, axes and steps must be constants");
  if (steps.some((s) => s !== 1)) return c.fail(`steps ${list(steps)}: only steps of 1 are supported`);
  if (data?.kind === "ints") {
    if (axes.length !== 1 || axes[0] !== 0) return c.fail("slicing integers along an axis other than 0 is not supported");
    const end = ends[0] >= INT_MAX ? "" : `, ${ends[0]}`;
    return { ints: `${data.expr}.slice(${starts[0]}${end})`, values: data.values?.slice(starts[0], ends[0] >= INT_MAX ? undefined : ends[0]) };
  }
  const x = c.tensor(0);
  // One narrow per axis; negative or huge bounds are resolved against the input's size when the cell runs.
  let code = x.ref;
  axes.forEach((axis, k) => {
    const size = `${x.ref}.shape.at(${axis})`;
    const bound = (v: number) => (v >= INT_MAX ? size : v <= -INT_MAX ? "0" : v < 0 ? `Math.max(0, ${size} + ${v})` : `Math.min(${v}, ${size})`);
    const start = bound(starts[k]);
    code = `narrow(${code}, {dim: ${axis}, start: ${start}, length: Math.max(0, ${bound(ends[k])} - ${start})})`;
  });
  return { code, rank: x.rank, uses: ["narrow"] };
};

export const padOp: Translate = (c) => {
  const x = c.tensor(0);
  const pads = c.ints(1).values;
  if (!pads) return c.fail("its pads must be a constant");
  const mode = c.attr<string>("mode", "constant");
  if (!["constant", "reflect", "edge"].includes(mode)) return c.fail(`mode ${JSON.stringify(mode)} is not one of constant, reflect, edge`);
  const value = c.node.inputs[2] ? c.operand(2) : undefined;
  if (value && value.kind !== "number") return c.fail("its constant_value must be a constant number");
  if (c.node.inputs[3]) return c.fail("its axes input is not supported");
  const n = pads.length / 2;
  // F.pad pads the last axes first; leading axes without padding are left out.
  let torch = torchPadOrder(pads);
  while (torch.length > 2 && torch[torch.length - 1] === 0 && torch[torch.length - 2] === 0) torch = torch.slice(0, -2);
  const options = [`pad: ${list(torch)}`, mode !== "constant" && `mode: "${mode === "edge" ? "replicate" : mode}"`, value?.kind === "number" && value.value !== 0 && `value: ${value.value}`].filter(
    Boolean,
  );
  return { code: `pad(${x.ref}, {${options.join(", ")}})`, rank: x.rank ?? n, uses: ["pad"] };
};

export const shape: Translate = (c) => {
  const x = c.tensor(0);
  const start = c.attr<number>("start", 0),
    end = c.node.attributes.has("end") ? c.attr<number>("end", 0) : undefined;
  const sliced = start || end !== undefined ? `.slice(${start}${end !== undefined ? `, ${end}` : ""})` : "";
  return { ints: `${x.ref}.shape${sliced}` };
};

export const gather: Translate = (c) => {
  const data = c.operand(0);
  const indices = c.ints(1);
  if (data?.kind !== "ints") return c.fail("gathering from a tensor (an embedding lookup) is not supported; Gather is read on shapes only");
  if (c.attr<number>("axis", 0) !== 0 || !indices.values) return c.fail("only constant indices along axis 0 of a shape are supported");
  const picks = indices.values.map((i) => (data.items && data.items[i < 0 ? data.items.length + i : i] !== undefined ? data.items[i < 0 ? data.items.length + i : i] : `${data.expr}.at(${i})`));
  // A scalar index gives a scalar (the export's Unsqueeze makes it a list again).
  return indices.scalar ? { ints: picks[0], scalar: true } : { ints: `[${picks.join(", ")}]`, items: picks };
};

export const unsqueeze: Translate = (c) => {
  const data = c.operand(0);
  const axes = c.node.inputs[1] ? c.ints(1).values : c.attr<number[]>("axes", []);
  if (!axes) return c.fail("its axes must be a constant");
  if (data?.kind === "ints") {
    if (axes.length !== 1 || axes[0] !== 0 || !data.scalar) return c.fail("only a scalar made a list (axes [0]) is supported on shapes");
    return { ints: `[${data.expr}]`, items: [data.expr] };
  }
  const x = c.tensor(0);
  const sorted = [...axes].sort((a, b) => a - b);
  if (sorted.some((a) => a < 0)) return c.fail("negative axes are not supported");
  const dims = `((s) => { const d = [...s]; for (const a of ${list(sorted)}) d.splice(a, 0, 1); return d; })(${x.ref}.shape)`;
  return { code: `reshape(${x.ref}, ${dims})`, rank: x.rank === undefined ? undefined : x.rank + axes.length, uses: ["reshape"] };
};

export const squeeze: Translate = (c) => {
  const x = c.tensor(0);
  const axes = c.node.inputs[1] ? c.ints(1).values : c.attr<number[]>("axes", []);
  if (!axes?.length) return c.fail("squeezing every axis of size 1 is not supported; give axes");
  const drop = axes.map((a) => (a < 0 ? `${x.ref}.shape.length + ${a}` : String(a)));
  return { code: `reshape(${x.ref}, ${x.ref}.shape.filter((_, i) => ![${drop.join(", ")}].includes(i)))`, rank: x.rank === undefined ? undefined : x.rank - axes.length, uses: ["reshape"] };
};

export const identity: Translate = (c) => {
  const x = c.operand(0);
  if (!x) return c.fail("it has no input");
  return { alias: x };
};

export const cast: Translate = (c) => {
  const x = c.operand(0);
  const to = c.attr<number>("to", 1);
  if (x?.kind === "tensor" && to !== 1) return c.fail(`casting a tensor to data type ${to} is not supported (the engine computes in float32)`);
  return { alias: x! };
};
