// Read once, then validate, then trust: plain copies of user-supplied numbers, lists and options objects.
// Every element and property is read exactly once (a getter or Proxy trap runs once, before validation),
// and only the copy is used afterwards; no value is coerced (no valueOf or toString ever runs).
import { ArgumentError, ShapeError } from "./errors.js";
import { MAX_ELEMENTS } from "./tensor.js";

/** Longest list accepted where one entry per axis (or per tensor) is expected; longer is a ShapeError before anything is read. */
export const MAX_LIST = 4096;
/** Sizes, indices and geometry values lie in [0, 2³¹): kernels do their arithmetic in i32. */
export const INT_LIMIT = 2 ** 31 - 1;

/** How a value looks in an error message, without running any of its code. */
export function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number" || typeof v === "boolean" || v === undefined || v === null) return String(v);
  if (Array.isArray(v)) return "an array";
  return typeof v === "function" ? "a function" : typeof v === "symbol" ? "a symbol" : "an object";
}
const list = (xs: readonly unknown[]): string => `[${xs.map(show).join(",")}]`;

/** A number (any value): a string, bigint, object… is an ArgumentError. */
export function readNumber(v: unknown, op: string, arg: string): number {
  if (typeof v !== "number") throw new ArgumentError(`${op}: ${arg} must be a number, got ${show(v)}`);
  return v;
}

/**
 * An integer in [lo, hi] (a size, index, axis or geometry value). The wrong kind is an ArgumentError;
 * NaN, ±Infinity, a fraction or a value outside the range is a ShapeError.
 */
export function readInt(v: unknown, op: string, arg: string, lo = 0, hi = INT_LIMIT, what = "an integer"): number {
  if (typeof v !== "number") throw new ArgumentError(`${op}: ${arg} must be ${what} in [${lo}, ${hi}], got ${show(v)}`);
  if (!(v >= lo && v <= hi && Math.floor(v) === v)) throw new ShapeError(`${op}: ${arg} must be ${what} in [${lo}, ${hi}], got ${show(v)}`);
  return v === 0 ? 0 : v; // −0 → 0
}

/** A copy of an array, its length and each element read once; not an array is an ArgumentError, too long a ShapeError. */
export function readList(v: unknown, op: string, arg: string, max = MAX_LIST): unknown[] {
  if (!Array.isArray(v)) throw new ArgumentError(`${op}: ${arg} must be an array, got ${show(v)}`);
  const n: unknown = v.length; // once: a Proxy's trap may answer differently each time
  if (typeof n !== "number" || !(n >= 0 && n <= max)) throw new ShapeError(`${op}: ${arg} has ${show(n)} entries, more than ${max}`);
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = v[i];
  return out;
}

/** A copy of a list of integers in [lo, hi]; `bad` builds the message of a ShapeError from the copy. */
export function readInts(v: unknown, op: string, arg: string, lo: number, hi: number, bad?: (copy: readonly unknown[], at: unknown) => string): number[] {
  const c = readList(v, op, arg);
  const out: number[] = [];
  for (const d of c) {
    if (typeof d !== "number") throw new ArgumentError(bad ? bad(c, d) : `${op}: ${arg} ${list(c)} holds ${show(d)}; expected integers in [${lo}, ${hi}]`);
    if (!(d >= lo && d <= hi && Math.floor(d) === d)) throw new ShapeError(bad ? bad(c, d) : `${op}: ${arg} ${list(c)} holds ${show(d)}; expected integers in [${lo}, ${hi}]`);
    out.push(d === 0 ? 0 : d);
  }
  return out;
}

/**
 * A shape: a copy whose dimensions are integers in [0, 2³¹) with at most 2³¹ − 1 elements in all (a
 * ShapeError otherwise; the wrong kind of value is an ArgumentError).
 */
export function readShape(v: unknown, op: string, arg = "shape"): number[] {
  if (!Array.isArray(v)) throw new ArgumentError(`${op}: ${arg} must be an array of dimensions, got ${show(v)}`);
  const s = readInts(v, op, arg, 0, INT_LIMIT, (c, d) => `${op}: ${arg} ${list(c)} has an invalid dimension ${show(d)} (dimensions are non-negative integers)`);
  let n = 1;
  for (const d of s) n *= d;
  if (n > MAX_ELEMENTS) throw new ShapeError(`${op}: ${arg} ${list(s)} has ${n} elements, more than wasm32 can address`);
  return s;
}

/** An options object read once: each named property copied (undefined → {}); anything but a plain object is an ArgumentError. */
export function readOptions<K extends string>(v: unknown, op: string, keys: readonly K[], arg = "options"): { [P in K]?: unknown } {
  if (v === undefined) return {};
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new ArgumentError(`${op}: ${arg} must be an object, got ${show(v)}`);
  const out: { [P in K]?: unknown } = {};
  for (const k of keys) out[k] = (v as Record<string, unknown>)[k];
  return out;
}

/** A boolean option (undefined gives `dflt`); anything else is an ArgumentError. */
export function readBool(v: unknown, op: string, arg: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== "boolean") throw new ArgumentError(`${op}: ${arg} must be a boolean, got ${show(v)}`);
  return v;
}
