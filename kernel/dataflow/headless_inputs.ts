/**
 * Inputs without a page: each control is a plain object holding the value the real control
 * starts with, so `view(Inputs.range([1, 4], {value: 2}))` is 2 in a headless run as it is
 * when the page opens. (jsdom's forms cannot carry Inputs' value property, so the real
 * library cannot run under it.)
 */
interface HeadlessInput {
  value: unknown;
  headless: true;
  kind: string;
}

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

export const headlessInputs: Record<string, (data?: unknown, options?: Options) => HeadlessInput> = Object.fromEntries(Object.entries(starts).map(([kind, start]) => [kind, control(kind, start)]));

/**
 * Inputs.table headless: a plain HTML table of the rows (the first 100), so a headless run or
 * an exported report shows the data; its value is the selection a fresh table starts with.
 */
function table(data?: unknown, options?: Options): HeadlessInput | HTMLTableElement {
  const value = options?.value ?? [];
  if (typeof document === "undefined" || !Array.isArray(data)) return { value, headless: true, kind: "table" };
  const rows = data.slice(0, 100) as Array<Record<string, unknown>>;
  const columns = [...new Set(rows.flatMap((r) => (r && typeof r === "object" ? Object.keys(r) : [])))];
  const element = document.createElement("table");
  element.className = "inputs-table";
  const head = element.createTHead().insertRow();
  for (const c of columns) head.appendChild(document.createElement("th")).textContent = c;
  const body = element.createTBody();
  for (const r of rows) {
    const row = body.insertRow();
    for (const c of columns) row.insertCell().textContent = String(r?.[c] ?? "");
  }
  return Object.assign(element, { value });
}
headlessInputs.table = table as (data?: unknown, options?: Options) => HeadlessInput;
