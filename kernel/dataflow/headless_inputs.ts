/**
 * Inputs without a page: each control is a plain object holding the value the real control
 * starts with, so `view(Inputs.range([1, 4], {value: 2}))` is 2 in a headless run as it is
 * when the page opens. (jsdom's forms cannot carry Inputs' value property, so the real
 * library cannot run under it.)
 */
interface HeadlessInput { value: unknown; headless: true; kind: string }

type Options = { value?: unknown; step?: number; format?: unknown };

function rangeStart([min, max]: [number, number], { value, step }: Options): number {
  if (typeof value === "number") return value;
  const mid = (min + max) / 2;
  return step ? min + Math.round((mid - min) / step) * step : mid;
}

const starts: Record<string, (data: unknown, options: Options) => unknown> = {
  range: (data, o) => rangeStart((Array.isArray(data) ? data : [0, 1]) as [number, number], o ?? {}),
  number: (_d, o) => o?.value ?? NaN,
  select: (data, o) => (o?.value !== undefined ? o.value : Array.isArray(data) ? data[0] : undefined),
  radio: (_d, o) => o?.value ?? null,
  checkbox: (_d, o) => o?.value ?? [],
  toggle: (_d, o) => o?.value ?? false,
  text: (_d, o) => o?.value ?? "",
  textarea: (_d, o) => o?.value ?? "",
  search: (data) => data,
  table: (_d, o) => o?.value ?? [],
  button: (_d, o) => o?.value ?? 0,
  color: (_d, o) => o?.value ?? "#000000",
  date: (_d, o) => o?.value ?? null,
  datetime: (_d, o) => o?.value ?? null,
};

/** Inputs.select(data, options) and Inputs.range(extent, options) put options second; Inputs.text(options) first. */
function control(kind: string, start: (data: unknown, options: Options) => unknown) {
  return (data?: unknown, options?: Options): HeadlessInput => {
    const opts = (options ?? (data && typeof data === "object" && !Array.isArray(data) ? data : {})) as Options;
    return { value: start(data, opts), headless: true, kind };
  };
}

export const headlessInputs: Record<string, (data?: unknown, options?: Options) => HeadlessInput> =
  Object.fromEntries(Object.entries(starts).map(([kind, start]) => [kind, control(kind, start)]));
