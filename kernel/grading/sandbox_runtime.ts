/**
 * What runs inside the sandbox's realm before any student code: it defines the student's
 * cells, calls their functions and writes what came back (or what was thrown) as JSON text.
 * The grader's side only ever hands it strings (and a compiled cell) and only ever gets a
 * string back, so no object of the grader's realm reaches student code and no student object
 * reaches grader code. Scores are never computed here: the grader compares what it reads.
 *
 * `sandboxRuntime` must stand alone (no imports, no closure over this module): the process
 * sandbox evaluates its source text inside a fresh V8 context, the page's check worker calls
 * it directly. It captures the intrinsics it uses first, so a student who replaces
 * `JSON.stringify`, `String.prototype.slice` or adds `Array.prototype.toJSON` changes nothing
 * here (and could only ever garble their own results, which the grader then marks wrong).
 *
 * Requests (JSON): {op: "define", label, inputs, outputs} with the compiled cell as second
 * argument; {op: "call", name, args} (typed arrays marked as requestLine writes them). Replies (JSON):
 * {defined: {name: typeof}} | {value: V} | {threw: text, error: bool} | {notFunction: type} |
 * {tooLarge: n} | {unreadable: text} | {failed: text}, each with "log": [lines printed].
 * V is a tagged tree: numbers, strings, booleans, null and arrays as themselves; anything else
 * as {"$": tag, ...} (nan, inf, -inf, undefined, bigint, symbol, function, promise, deep,
 * typed {type, v}, object {v}). See decodeValue in sandbox_protocol.ts.
 */
export type Dispatch = (request: string, cell?: unknown) => string;

export function sandboxRuntime(): Dispatch {
  const G = globalThis as unknown as Record<string, unknown>;
  const apply = Reflect.apply,
    keysOf = Object.keys,
    isArray = Array.isArray,
    isView = ArrayBuffer.isView;
  const parse = JSON.parse,
    quote = JSON.stringify,
    nullObject = Object.create,
    F32 = Float32Array;
  const typedProto = Object.getPrototypeOf(Uint8Array.prototype);
  const describeProp = Object.getOwnPropertyDescriptor;
  const typedLength = describeProp(typedProto, "length")!.get!,
    typedTag = describeProp(typedProto, Symbol.toStringTag)!.get!;
  const slice = String.prototype.slice;
  const MAX_VALUES = 1_000_000,
    MAX_DEPTH = 12,
    LOG_LINES = 20,
    LINE_CHARS = 200,
    TEXT_CHARS = 1000;
  const TOO_MUCH = nullObject(null);

  const cut = (s: string, n: number): string => (s.length > n ? `${apply(slice, s, [0, n]) as string}…` : s);

  /** A printable text for any value, never throwing (a Symbol, an object whose toString lies). */
  const text = (x: unknown): string => {
    try {
      if (typeof x === "string") return x;
      const s = `${x as string}`;
      return typeof s === "string" ? s : "?";
    } catch {
      return "[a value that cannot be printed]";
    }
  };

  // The console: a few short lines per request, drained into each reply.
  let log = "",
    lines = 0,
    dropped = 0;
  const print = (...parts: unknown[]) => {
    if (lines >= LOG_LINES) {
      dropped++;
      return;
    }
    let line = "";
    for (let i = 0; i < parts.length && line.length <= LINE_CHARS; i++) line += (i ? " " : "") + text(parts[i]);
    log += (lines ? "," : "") + quote(cut(line, LINE_CHARS));
    lines++;
  };
  G.console = { log: print, info: print, warn: print, error: print, debug: print, table: print, dir: print, trace: print };
  const takeLog = (): string => {
    if (dropped) log += (lines ? "," : "") + quote(`... ${dropped} more lines`);
    const out = `[${log}]`;
    log = "";
    lines = dropped = 0;
    return out;
  };

  /** What was thrown, in words: an error's name and message, or what kind of value it was. */
  const describe = (e: unknown): { text: string; error: boolean } => {
    try {
      if (e === null || e === undefined) return { text: text(e), error: false };
      switch (typeof e) {
        case "symbol":
          return { text: "a Symbol", error: false };
        case "string":
          return { text: `the string ${quote(cut(e, TEXT_CHARS))}`, error: false };
        case "number":
        case "boolean":
        case "bigint":
          return { text: `the ${typeof e} ${text(e)}`, error: false };
        case "function":
          return { text: "a function", error: false };
      }
      let name: unknown, message: unknown;
      try {
        name = (e as { name?: unknown }).name;
        message = (e as { message?: unknown }).message;
      } catch {
        return { text: "an object that cannot be printed", error: false };
      }
      if (typeof message === "string") {
        return { text: cut(`${typeof name === "string" && name !== "Error" ? `${name}: ` : ""}${message}`, TEXT_CHARS), error: true };
      }
      const s = text(e);
      return { text: s[0] === "[" ? "an object that cannot be printed" : `an object (${cut(s, TEXT_CHARS)})`, error: false };
    } catch {
      return { text: "a value that cannot be printed", error: false };
    }
  };
  const threw = (e: unknown): string => {
    const d = describe(e);
    return `"threw":${quote(d.text)},"error":${d.error ? "true" : "false"}`;
  };

  const number = (x: number): string => (x === x && x !== Infinity && x !== -Infinity ? `${x}` : x !== x ? '{"$":"nan"}' : x > 0 ? '{"$":"inf"}' : '{"$":"-inf"}');

  // The result as a tagged JSON tree, built by string concatenation (no toJSON, no replaceable method).
  let budget = 0;
  const encode = (v: unknown, depth: number): string => {
    if (++budget > MAX_VALUES) throw TOO_MUCH;
    switch (typeof v) {
      case "number":
        return number(v);
      case "string":
        return quote(cut(v, TEXT_CHARS));
      case "boolean":
        return v ? "true" : "false";
      case "undefined":
        return '{"$":"undefined"}';
      case "bigint":
        return `{"$":"bigint","v":${quote(text(v))}}`;
      case "symbol":
        return '{"$":"symbol"}';
      case "function":
        return '{"$":"function"}';
    }
    if (v === null) return "null";
    if (depth >= MAX_DEPTH) return '{"$":"deep"}';
    if (isView(v)) {
      const type = apply(typedTag, v, []) as string | undefined;
      if (type === undefined) return '{"$":"object","v":{}}';
      const n = apply(typedLength, v, []) as number;
      if ((budget += n) > MAX_VALUES) throw TOO_MUCH;
      let s = `{"$":"typed","type":${quote(type)},"v":[`;
      const items = v as unknown as ArrayLike<number | bigint>;
      for (let i = 0; i < n; i++) {
        const x = items[i];
        s += (i ? "," : "") + (typeof x === "bigint" ? text(x) : number(x));
      }
      return `${s}]}`;
    }
    if (isArray(v)) {
      const n = v.length;
      if (!(n <= MAX_VALUES - budget)) throw TOO_MUCH;
      let s = "[";
      for (let i = 0; i < n; i++) s += (i ? "," : "") + encode(v[i], depth + 1);
      return `${s}]`;
    }
    if (typeof (v as { then?: unknown }).then === "function") return '{"$":"promise"}';
    const keys = keysOf(v as object);
    if (!(keys.length <= MAX_VALUES - budget)) throw TOO_MUCH;
    let s = '{"$":"object","v":{';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      s += `${i ? "," : ""}${quote(cut(k, TEXT_CHARS))}:${encode((v as Record<string, unknown>)[k], depth + 1)}`;
    }
    return `${s}}}`;
  };

  /** Requests as the grader encoded them: typed arrays marked {$f32: [...]}; fresh copies each call. */
  const revive = (_key: string, v: unknown) => {
    if (v === null || typeof v !== "object" || !("$f32" in v)) return v;
    const items = (v as { $f32: number[] }).$f32,
      out = new F32(items.length);
    for (let i = 0; i < items.length; i++) out[i] = items[i];
    return out;
  };

  const values: Record<string, unknown> = nullObject(null);

  const define = (request: { label: string; inputs: string[]; outputs: string[] }, cell: unknown): string => {
    if (typeof cell !== "function") return `"failed":${quote(`${request.label} did not compile`)}`;
    const inputs = [];
    for (let i = 0; i < request.inputs.length; i++) inputs[i] = values[request.inputs[i]];
    let out: unknown;
    try {
      out = apply(cell, undefined, inputs);
      if (out !== null && typeof out === "object" && typeof (out as { then?: unknown }).then === "function") return '"awaits":true';
    } catch (e) {
      return threw(e);
    }
    let s = "";
    for (let i = 0; i < request.outputs.length; i++) {
      const name = request.outputs[i];
      let value: unknown;
      try {
        value = out === null || out === undefined ? undefined : (out as Record<string, unknown>)[name];
      } catch (e) {
        return threw(e);
      }
      values[name] = value;
      s += `${i ? "," : ""}${quote(name)}:${quote(value === null ? "null" : typeof value)}`;
    }
    return `"defined":{${s}}`;
  };

  const call = (request: { name: string; args: unknown[] }): string => {
    const fn = values[request.name];
    if (typeof fn !== "function") return `"notFunction":${quote(fn === null ? "null" : typeof fn)}`;
    let result: unknown;
    try {
      result = apply(fn, undefined, request.args);
    } catch (e) {
      return threw(e);
    }
    budget = 0;
    try {
      return `"value":${encode(result, 0)}`;
    } catch (e) {
      if (e === TOO_MUCH) return `"tooLarge":${MAX_VALUES}`;
      return `"unreadable":${quote(describe(e).text)}`;
    }
  };

  return (request: string, cell?: unknown): string => {
    let reply: string;
    try {
      const r = parse(request, revive);
      reply = r.op === "define" ? define(r, cell) : r.op === "call" ? call(r) : `"failed":"unknown request"`;
    } catch (e) {
      reply = `"failed":${quote(`the sandbox could not answer: ${describe(e).text}`)}`;
    }
    return `{${reply},"log":${takeLog()}}`;
  };
}

/** The runtime as source text to evaluate in another realm: `(function sandboxRuntime() {...})()`. */
export const SANDBOX_RUNTIME_SOURCE = `(${sandboxRuntime.toString()})()`;
