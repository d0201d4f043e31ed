// JS values (numbers, booleans, nested arrays, typed arrays) → tensors. Values are gathered into a JS-side
// typed array first (each element read once, never coerced); only then is wasm memory allocated and written,
// so no user code runs between the allocation and the write.
import { allocBuffer } from "../buffer.js";
import { ArgumentError, DTypeError, ShapeError } from "../errors.js";
import { readShape, show } from "../read.js";
import { fmt } from "../shape.js";
import { bytesPer, handle, MAX_ELEMENTS, sizeOf, type DType, type Shape, type Tensor } from "../tensor.js";
import { f32, i32, u8 } from "../wasm.js";

export type NestedValues = number | boolean | readonly NestedValues[];
/** What every op accepts where a tensor is expected. */
export type TensorLike = Tensor | number | boolean | readonly NestedValues[] | Float32Array | Int32Array | Uint8Array;

const DTYPES: readonly DType[] = ["float32", "int32", "bool"];

export function checkDType(dtype: unknown, op: string): DType {
  if (dtype !== "float32" && dtype !== "int32" && dtype !== "bool") {
    throw new DTypeError(`${op}: unknown dtype ${typeof dtype === "string" ? JSON.stringify(dtype) : show(dtype)} (expected ${DTYPES.map((d) => `"${d}"`).join(", ")})`);
  }
  return dtype;
}

// ---- typed arrays: one conversion table (shared with the weight-file loaders) ----------------------------

const TypedArrayProto = Object.getPrototypeOf(Int8Array.prototype) as object;
/** %TypedArray%.prototype[@@toStringTag]: the intrinsic kind of a typed array (undefined for anything else); runs no user code. */
const tagOf = Object.getOwnPropertyDescriptor(TypedArrayProto, Symbol.toStringTag)!.get! as (this: unknown) => string | undefined;

/** The kind name of a typed array or DataView (undefined otherwise), read from internal slots only. */
export function typedKind(v: unknown): string | undefined {
  if (!ArrayBuffer.isView(v)) return undefined;
  return tagOf.call(v) ?? "DataView";
}

/**
 * A fresh copy of typed array `array` in tensortape's element types, by one table: Float32Array → float32
 * (Float32Array); Float64Array → float32 (rounded); Int32Array, Int8/Uint8/Uint8ClampedArray, Int16/Uint16Array
 * → int32 (Int32Array); Uint32/BigInt64/BigUint64Array → int32, where a value outside the int32 range is an
 * ArgumentError. Anything else (DataView, Float16Array, …) is an ArgumentError naming it; a detached array
 * too. The copy reads the array's internal slots (never its `length` or other getters), so a subclass
 * cannot lie about its size.
 */
export function convertTyped(array: ArrayBufferView, op: string, arg: string, kindName?: string): Float32Array | Int32Array | Uint8Array {
  const kind = typedKind(array);
  const named = kindName ?? kind ?? ""; // how a range error names the element type (a weight file's dtype, say)
  try {
    switch (kind) {
      case "Float32Array": case "Float64Array": return new Float32Array(array as Float32Array);
      case "Int32Array": case "Int8Array": case "Uint8Array": case "Uint8ClampedArray": case "Int16Array": case "Uint16Array":
        return new Int32Array(array as Int32Array);
      case "Uint32Array": {
        const c = new Uint32Array(array as Uint32Array);
        for (let i = 0; i < c.length; i++) if (c[i] > 0x7fffffff) throw outOfInt32(op, arg, named, i, c[i]);
        return new Int32Array(c);
      }
      case "BigInt64Array": case "BigUint64Array": {
        const c = kind === "BigInt64Array" ? new BigInt64Array(array as BigInt64Array) : new BigUint64Array(array as BigUint64Array);
        const out = new Int32Array(c.length);
        for (let i = 0; i < c.length; i++) {
          const b = c[i];
          if (b < -2147483648n || b > 2147483647n) throw outOfInt32(op, arg, named, i, b);
          out[i] = Number(b);
        }
        return out;
      }
    }
  } catch (e) {
    if (e instanceof ArgumentError) throw e;
    // the only TypeError these constructors throw here is for a detached buffer
    throw new ArgumentError(`${op}: ${arg} is a detached ${kind} (its buffer was transferred); pass a live array`);
  }
  throw new ArgumentError(`${op}: ${arg} is a ${kind ?? show(array)}, which tensortape does not convert ` +
    "(use Float32Array, Float64Array, Int32Array, Int8/Uint8/Uint8Clamped/Int16/Uint16/Uint32Array or BigInt64/BigUint64Array)");
}

function outOfInt32(op: string, arg: string, kind: string, i: number, v: number | bigint): ArgumentError {
  return new ArgumentError(`${op}: ${arg}[${i}] = ${v} (${kind}) is outside the int32 range`);
}

/** The dtype a typed copy holds. */
const dtypeOfCopy = (c: Float32Array | Int32Array | Uint8Array): DType => (c instanceof Float32Array ? "float32" : c instanceof Int32Array ? "int32" : "bool");

// ---- nested arrays ---------------------------------------------------------------------------------------

/** Deeper nesting than this is refused (a cyclic array gets here too, instead of overflowing the stack). */
const MAX_DEPTH = 64;

/**
 * Gather nested arrays into a flat JS list and their shape, reading each length and element once. The shape
 * at each depth is fixed by the first array met there; every other array at that depth must match (else
 * ragged). Leaves must be numbers or booleans.
 */
function gatherNested(v: readonly unknown[], op: string, arg: string): { shape: number[]; flat: (number | boolean)[] } {
  const shape: number[] = [];
  const flat: (number | boolean)[] = [];
  let leafDepth = -1;
  const walk = (node: unknown, d: number): void => {
    if (Array.isArray(node)) {
      if (d >= MAX_DEPTH) throw new ShapeError(`${op}: ${arg} is nested more than ${MAX_DEPTH} deep (a cyclic array?)`);
      const n: unknown = node.length;
      if (typeof n !== "number" || !(n >= 0 && n <= MAX_ELEMENTS)) throw new ShapeError(`${op}: ${arg} has an array of length ${show(n)}`);
      if (d === shape.length && (leafDepth < 0 || d < leafDepth)) shape.push(n);
      else if (d >= shape.length || shape[d] !== n) throw ragged(op, arg, d, shape);
      if (flat.length + n > MAX_ELEMENTS) throw new ShapeError(`${op}: ${arg} has more than ${MAX_ELEMENTS} values`);
      for (let i = 0; i < n; i++) walk(node[i], d + 1);
      if (n === 0 && leafDepth < 0) leafDepth = d + 1;
      return;
    }
    if (leafDepth < 0) leafDepth = d;
    if (d !== leafDepth || d !== shape.length) throw ragged(op, arg, d, shape);
    if (typeof node !== "number" && typeof node !== "boolean") {
      throw new ArgumentError(`${op}: ${arg} holds ${node === null ? "a null" : /^[aeiou]/.test(typeof node) ? `an ${typeof node}` : `a ${typeof node}`}; only numbers and booleans are accepted`);
    }
    flat.push(node);
  };
  walk(v, 0);
  return { shape, flat };
}

const ragged = (op: string, arg: string, d: number, shape: readonly number[]): ShapeError =>
  new ShapeError(`${op}: ${arg} is ragged: expected ${d < shape.length ? `${shape[d]} elements` : "a number"} at depth ${d} (shape ${fmt(shape)})`);

/**
 * An int32 tensor of indices from JS values (a number, nested arrays, a typed array): every value must be an
 * integer in the int32 range (a DTypeError otherwise).
 */
export function indicesFrom(values: unknown, op: string, arg: string): Tensor {
  let data: Float32Array | Int32Array | Uint8Array, shape: number[];
  if (typeof values === "boolean") throw new DTypeError(`${op}: ${arg} must hold int32 integers, got ${values}`);
  if (ArrayBuffer.isView(values)) {
    data = convertTyped(values, op, arg);
    shape = [data.length];
    if (data instanceof Float32Array) data = intsOf(Array.from(data), op, arg);
  } else if (Array.isArray(values)) {
    const g = gatherNested(values, op, arg);
    shape = g.shape;
    data = intsOf(g.flat, op, arg);
  } else if (typeof values === "number") {
    shape = [];
    data = intsOf([values], op, arg);
  } else {
    throw new ArgumentError(`${op}: ${arg} must be a Tensor, a number, nested arrays or a typed array of int32 indices, got ${show(values)}`);
  }
  return fromTyped(data, shape, "int32");
}

function intsOf(flat: readonly (number | boolean)[], op: string, arg: string): Int32Array {
  const out = new Int32Array(flat.length);
  for (let i = 0; i < flat.length; i++) {
    const v = flat[i];
    if (typeof v !== "number" || !(v >= -(2 ** 31) && v < 2 ** 31 && Math.floor(v) === v)) throw new DTypeError(`${op}: ${arg} must hold int32 integers, got ${show(v)}`);
    out[i] = v;
  }
  return out;
}

/** The values as a JS-side typed array of `dt` (bool as 0/1 bytes). */
function typedOf(flat: readonly (number | boolean)[], dt: DType): Float32Array | Int32Array | Uint8Array {
  const n = flat.length;
  const out = dt === "float32" ? new Float32Array(n) : dt === "int32" ? new Int32Array(n) : new Uint8Array(n);
  if (dt === "bool") for (let i = 0; i < n; i++) out[i] = flat[i] ? 1 : 0;
  else for (let i = 0; i < n; i++) out[i] = +(flat[i] as number); // a primitive: no user code runs
  return out;
}

/** A typed copy in `dt` (truncating float → int as a typed-array store does; bool is x ≠ 0). */
function castCopy(c: Float32Array | Int32Array | Uint8Array, dt: DType): Float32Array | Int32Array | Uint8Array {
  if (dtypeOfCopy(c) === dt) return c;
  if (dt === "float32") return new Float32Array(c);
  if (dt === "int32") return new Int32Array(c);
  const b = new Uint8Array(c.length);
  for (let i = 0; i < c.length; i++) b[i] = c[i] !== 0 ? 1 : 0;
  return b;
}

/** A new tensor of `shape` and `dt` holding a copy of `data` (nothing user-supplied is read from here on). */
export function fromTyped(data: Float32Array | Int32Array | Uint8Array, shape: Shape, dt: DType): Tensor {
  const n = sizeOf(shape);
  const t = handle(allocBuffer(n * bytesPer[dt]), shape, dt);
  if (n === 0) return t;
  const p = t.live();
  const view = dt === "float32" ? f32(p.ptr, n) : dt === "int32" ? i32(p.ptr, n) : u8(p.ptr, n);
  if (data.length === 1 && n !== 1) view.fill(data[0]);
  else view.set(data);
  return t;
}

/** A new tensor holding `values` (a number, boolean, nested arrays or a typed array). */
export function fromValues(values: unknown, shape: unknown, dtype: unknown, op: string, arg = "values"): Tensor {
  const isTyped = ArrayBuffer.isView(values);
  if (!isTyped && typeof values !== "number" && typeof values !== "boolean" && !Array.isArray(values)) {
    throw new ArgumentError(`${op}: ${arg} must be a Tensor, a number, a boolean, nested arrays or a typed array, got ${values === null ? "null" : typeof values}`);
  }
  // read once, in order: values, then shape, then dtype
  let data: Float32Array | Int32Array | Uint8Array, natural: number[], scalar = false;
  if (isTyped) {
    data = convertTyped(values as ArrayBufferView, op, arg);
    natural = [data.length];
  } else if (Array.isArray(values)) {
    const g = gatherNested(values, op, arg);
    natural = g.shape;
    const bool = g.flat.length > 0 ? typeof g.flat[0] === "boolean" : false;
    data = typedOf(g.flat, dtype === undefined ? (bool ? "bool" : "float32") : checkDType(dtype, op));
  } else {
    scalar = true;
    natural = [];
    data = typedOf([values as number | boolean], dtype === undefined ? (typeof values === "boolean" ? "bool" : "float32") : checkDType(dtype, op));
  }
  const given = shape === undefined ? undefined : readShape(shape, op);
  const dt = dtype === undefined ? dtypeOfCopy(data) : checkDType(dtype, op);
  data = castCopy(data, dt);
  const out = given ?? natural;
  const n = sizeOf(out);
  if (!(scalar && data.length === 1) && data.length !== n) {
    throw new ShapeError(`${op}: ${data.length} values do not match shape ${fmt(out)} (${n} elements)`);
  }
  return fromTyped(data, out, dt);
}
