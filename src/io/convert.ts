// File dtypes → tensortape's typed arrays: ONE decoding function (range-checked), for safetensors and npy.
import { ArgumentError, DTypeError } from "../errors.js";
import { convertTyped } from "../ops/values.js";
import type { DType } from "../tensor.js";

/** Element types a weight file may hold (safetensors' names; npy's descr map onto them). */
export type FileDType = "F16" | "BF16" | "F32" | "F64" | "I8" | "U8" | "I16" | "U16" | "I32" | "U32" | "I64" | "U64" | "BOOL";

/** Bytes per element and the tensortape dtype each file dtype loads as (the hostile-input issue's conversion table). */
export const FILE_DTYPES: Record<FileDType, { bytes: number; to: DType }> = {
  F16: { bytes: 2, to: "float32" }, BF16: { bytes: 2, to: "float32" }, F32: { bytes: 4, to: "float32" }, F64: { bytes: 8, to: "float32" },
  I8: { bytes: 1, to: "int32" }, U8: { bytes: 1, to: "int32" }, I16: { bytes: 2, to: "int32" }, U16: { bytes: 2, to: "int32" },
  I32: { bytes: 4, to: "int32" }, U32: { bytes: 4, to: "int32" }, I64: { bytes: 8, to: "int32" }, U64: { bytes: 8, to: "int32" },
  BOOL: { bytes: 1, to: "bool" },
};

/** Checks a dtype name from a file: known, or rejected by name (F8_*) before anything is read. */
export function fileDType(name: unknown, op: string, what: string): FileDType {
  if (typeof name === "string" && Object.prototype.hasOwnProperty.call(FILE_DTYPES, name)) return name as FileDType;
  if (typeof name === "string" && name.startsWith("F8_")) {
    throw new DTypeError(`${op}: ${what} has dtype ${name}: 8-bit floats are not supported (convert to F16, BF16 or F32)`);
  }
  throw new DTypeError(`${op}: ${what} has unknown dtype ${JSON.stringify(name)} (expected one of ${Object.keys(FILE_DTYPES).join(", ")})`);
}

/** IEEE half → float32 (exact: every half is a float32). */
function half(h: number): number {
  const e = (h >> 10) & 0x1f, m = h & 0x3ff, s = h & 0x8000 ? -1 : 1;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m === 0 ? s * Infinity : NaN;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** The typed array of each file dtype that tt.tensor's conversion table (convertTyped) also takes. */
const SHARED: Partial<Record<FileDType, new (b: ArrayBuffer) => ArrayBufferView>> = {
  F64: Float64Array, I8: Int8Array, U8: Uint8Array, I16: Int16Array, U16: Uint16Array, U32: Uint32Array, I64: BigInt64Array, U64: BigUint64Array,
};

/**
 * `count` elements of `dtype` at `bytes[offset…]` as a new Float32Array / Int32Array / Uint8Array (bool as 0/1).
 * F32, I32 and BOOL map directly; F16 and BF16 (io's own decoders) → float32 exactly. Every other dtype goes
 * through tt.tensor's one conversion table (convertTyped): F64 → float32 (rounded); I8…U16 → int32 exactly;
 * U32, I64, U64 → int32 when every value fits, else an ArgumentError naming the first value out of range. io
 * only brings the bytes into host order first (big-endian files are swapped). The caller has checked the range.
 */
export function decode(bytes: Uint8Array, offset: number, count: number, dtype: FileDType, littleEndian: boolean, op: string, what: string):
  Float32Array | Int32Array | Uint8Array {
  const item = FILE_DTYPES[dtype].bytes;
  const T = SHARED[dtype];
  if (T !== undefined || dtype === "F32" || dtype === "I32") {
    // a fresh, aligned copy of the elements in host order (typed arrays are little-endian wherever wasm runs)
    const raw = bytes.slice(offset, offset + item * count);
    if (!littleEndian && item > 1) {
      for (let p = 0; p < raw.length; p += item) for (let i = 0, j = item - 1; i < j; i++, j--) { const t = raw[p + i]; raw[p + i] = raw[p + j]; raw[p + j] = t; }
    }
    if (T === undefined) return dtype === "F32" ? new Float32Array(raw.buffer) : new Int32Array(raw.buffer);
    return convertTyped(new T(raw.buffer), op, what, dtype);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, count * item);
  switch (dtype) {
    case "F16": { const o = new Float32Array(count); for (let i = 0; i < count; i++) o[i] = half(dv.getUint16(2 * i, littleEndian)); return o; }
    case "BF16": {
      // bfloat16 is the top half of a float32
      const o = new Float32Array(count), u = new Uint32Array(o.buffer);
      for (let i = 0; i < count; i++) u[i] = dv.getUint16(2 * i, littleEndian) << 16;
      return o;
    }
    default: { const o = new Uint8Array(count); for (let i = 0; i < count; i++) o[i] = dv.getUint8(i) !== 0 ? 1 : 0; return o; } // BOOL
  }
}

/** Product of a file's dimensions, each a non-negative safe integer, the product and its byte size safe too. */
export function checkFileShape(shape: unknown, itemBytes: number, op: string, what: string): { shape: number[]; size: number } {
  if (!Array.isArray(shape)) throw new ArgumentError(`${op}: ${what} has shape ${JSON.stringify(shape)}, not an array`);
  let size = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new ArgumentError(`${op}: ${what} has shape ${JSON.stringify(shape)}: dimensions must be non-negative integers`);
    size *= d;
    if (!Number.isSafeInteger(size * itemBytes)) throw new ArgumentError(`${op}: ${what} has shape ${JSON.stringify(shape)}, whose byte size overflows`);
  }
  return { shape: shape.slice(), size };
}
