import type { Dispatch } from "./sandbox_runtime.ts";

/**
 * The grader's side of the sandbox's protocol: one request at a time, each a JSON line with an
 * id; each reply a JSON line with the same id. Everything a sandbox sends is untrusted: a reply
 * is parsed and checked here, and what the student's function returned becomes plain data of
 * the grader's own realm (decodeValue) before any check reads it.
 */
export type SandboxRequest = { op: "define"; label: string; body: string; inputs: string[]; outputs: string[] } | { op: "call"; name: string; args: unknown[] };

/** A reply as the grader reads it, checked. */
export type SandboxReply = { log: string[] } & (
  | { kind: "defined"; types: Record<string, string> }
  | { kind: "awaits" }
  | { kind: "value"; value: unknown }
  | { kind: "threw"; text: string; error: boolean }
  | { kind: "notFunction"; type: string }
  | { kind: "tooLarge"; limit: number }
  | { kind: "unreadable"; text: string }
  | { kind: "failed"; text: string }
);

/** The most a sandbox may send in one line; past it the sandbox is stopped. */
export const MAX_REPLY_BYTES = 32 * 1024 * 1024;
/** Printed lines kept per check (and for the definitions), and characters per line. */
export const LOG_LINES = 20,
  LOG_LINE_CHARS = 200;
/** The longest text taken from a sandbox (a thrown message, a key). */
export const TEXT_CHARS = 1000;

export const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * A request as the line the sandbox reads: JSON, with typed arrays marked `{$f32: [...]}`, so
 * the arguments reach the student's code as copies made inside the sandbox, nothing of this realm.
 */
export function requestLine(id: number, request: SandboxRequest): string {
  return JSON.stringify({ id, request }, (_key, v) => (ArrayBuffer.isView(v) ? { $f32: Array.from(v as Float32Array) } : v));
}

/** A value the student returned that is not data: a function, a Symbol, a Promise... said in words. */
export class Opaque {
  constructor(readonly what: string) {}
}

const TYPED: Record<string, new (values: number[]) => ArrayLike<number>> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
};
const OPAQUE: Record<string, string> = {
  undefined: "",
  symbol: "a Symbol",
  function: "a function",
  promise: "a Promise (an exercise must run synchronously)",
  deep: "nested too deeply",
  bigint: "a BigInt",
};
const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, "-inf": -Infinity };

class Malformed extends Error {}

/** The tagged tree of sandbox_runtime.ts as plain data of this realm; anything unexpected is Malformed. */
export function decodeValue(v: unknown, depth = 0): unknown {
  if (depth > 64) throw new Malformed("nested too deeply");
  if (v === null || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "string") return clip(v, TEXT_CHARS);
  if (Array.isArray(v)) return v.map((x) => decodeValue(x, depth + 1));
  if (typeof v !== "object") throw new Malformed(`a ${typeof v}`);
  const tag = (v as { $?: unknown }).$;
  if (typeof tag !== "string") throw new Malformed("an untagged object");
  if (tag in SPECIAL) return SPECIAL[tag];
  if (tag === "undefined") return undefined;
  if (tag in OPAQUE) return new Opaque(OPAQUE[tag]);
  const body = (v as { v?: unknown }).v;
  if (tag === "typed") {
    const type = (v as { type?: unknown }).type;
    if (!Array.isArray(body)) throw new Malformed("a typed array without values");
    const items = body.map((x) => (typeof x === "number" ? x : typeof x === "object" && x && (x as { $?: string }).$! in SPECIAL ? SPECIAL[(x as { $: string }).$] : NaN));
    return new (typeof type === "string" && Object.hasOwn(TYPED, type) ? TYPED[type] : Float64Array)(items);
  }
  if (tag === "object") {
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw new Malformed("an object without fields");
    // No prototype: a key such as "__proto__" or "constructor" is just a key.
    const out = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(body)) out[clip(k, TEXT_CHARS)] = decodeValue((body as Record<string, unknown>)[k], depth + 1);
    return out;
  }
  throw new Malformed(`an unknown tag ${clip(tag, 40)}`);
}

const str = (x: unknown): x is string => typeof x === "string";

/** Printed lines, at most LOG_LINES of LOG_LINE_CHARS each, whatever the sandbox sent. */
function readLog(log: unknown): string[] {
  if (!Array.isArray(log)) return [];
  const lines = log.slice(0, LOG_LINES + 1).map((l) => clip(str(l) ? l : "?", LOG_LINE_CHARS));
  if (log.length > LOG_LINES + 1) lines[LOG_LINES] = `... ${log.length - LOG_LINES} more lines`;
  return lines;
}

/**
 * One line from a sandbox: `{"id": N, "reply": {...}}`. Returns the id and the checked reply,
 * or a reason it cannot be used (the caller fails the request with it and notes it).
 */
export function readReplyLine(line: string): { id: number; reply: SandboxReply } | { error: string } {
  if (line.length > MAX_REPLY_BYTES) return { error: `sent a reply of more than ${MAX_REPLY_BYTES >> 20} MB` };
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return { error: "sent a line that is not JSON" };
  }
  const { id, reply } = (message ?? {}) as { id?: unknown; reply?: unknown };
  if (!Number.isInteger(id) || reply === null || typeof reply !== "object") return { error: "sent a message that is not a reply" };
  const r = reply as Record<string, unknown>;
  const log = readLog(r.log);
  try {
    const checked = ((): SandboxReply | undefined => {
      if ("defined" in r) {
        const d = r.defined;
        if (d === null || typeof d !== "object" || Array.isArray(d) || !Object.values(d).every(str)) return undefined;
        return { kind: "defined", types: Object.assign(Object.create(null), d) as Record<string, string>, log };
      }
      if (r.awaits === true) return { kind: "awaits", log };
      if ("value" in r) return { kind: "value", value: decodeValue(r.value), log };
      if (str(r.threw) && typeof r.error === "boolean") return { kind: "threw", text: clip(r.threw, TEXT_CHARS), error: r.error, log };
      if (str(r.notFunction)) return { kind: "notFunction", type: clip(r.notFunction, 40), log };
      if (typeof r.tooLarge === "number") return { kind: "tooLarge", limit: r.tooLarge, log };
      if (str(r.unreadable)) return { kind: "unreadable", text: clip(r.unreadable, TEXT_CHARS), log };
      if (str(r.failed)) return { kind: "failed", text: clip(r.failed, TEXT_CHARS), log };
      return undefined;
    })();
    return checked ? { id: id as number, reply: checked } : { error: "sent a reply the grader does not know" };
  } catch (e) {
    return { error: `sent a value the grader cannot read (${(e as Error).message})` };
  }
}

/**
 * The sandbox's own side of a request line: compiles a cell in the sandbox's realm (`compile`,
 * which may throw a SyntaxError of this realm), hands the runtime strings only, and wraps its
 * answer with the request's id. Used by the process sandbox, the page's check worker and tests.
 */
export function answerRequest(line: string, dispatch: Dispatch, compile: (body: string, label: string) => unknown): string {
  let id = -1,
    text: unknown;
  try {
    const { id: n, request } = JSON.parse(line) as { id: number; request: SandboxRequest };
    id = Number.isInteger(n) ? n : -1;
    if (request.op === "define") {
      let cell: unknown;
      try {
        cell = compile(request.body, request.label);
      } catch (e) {
        const message = e instanceof Error ? e.message : "it did not compile";
        return JSON.stringify({ id, reply: { threw: `SyntaxError: ${message}`, error: true, log: [] } });
      }
      text = dispatch(JSON.stringify({ op: "define", label: request.label, inputs: request.inputs, outputs: request.outputs }), cell);
    } else {
      text = dispatch(JSON.stringify({ op: "call", name: request.name, args: request.args }));
    }
  } catch {
    text = undefined;
  }
  // The runtime's text is spliced in as it is (the grader parses it); anything else is a failure.
  return typeof text === "string" ? `{"id":${id},"reply":${text}}` : JSON.stringify({ id, reply: { failed: "the sandbox could not answer", log: [] } });
}
