// File dtypes → tensortape's typed arrays: ONE decoding function (range-checked), for safetensors and npy.
import { ArgumentError, DTypeError } from "../errors.js";
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

/**
 * `count` elements of `dtype` at `bytes[offset…]` as a new Float32Array / Int32Array / Uint8Array (bool as 0/1).
 * F16, BF16, F64 → float32 (F64 rounded); I8…U16 → int32 exactly; U32, I64, U64 → int32 when every value fits,
 * else an ArgumentError naming the first value out of range. The caller has checked the byte range.
 */
export function decode(bytes: Uint8Array, offset: number, count: number, dtype: FileDType, littleEndian: boolean, op: string, what: string):
  Float32Array | Int32Array | Uint8Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, count * FILE_DTYPES[dtype].bytes);
  const le = littleEndian;
  const ints = (read: (i: number) => number | bigint) => {
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const v = read(i);
      if (v < -2147483648 || v > 2147483647) throw new ArgumentError(`${op}: ${what} (${dtype}) holds ${v} at element ${i}, outside int32's range`);
      out[i] = Number(v);
    }
    return out;
  };
  // NOTE: little-endian F32/I32 are copied as bytes (typed arrays are little-endian wherever wasm runs)
  if (le && (dtype === "F32" || dtype === "I32")) {
    const copy = bytes.slice(offset, offset + 4 * count).buffer;
    return dtype === "F32" ? new Float32Array(copy) : new Int32Array(copy);
  }
  switch (dtype) {
    case "F32": { const o = new Float32Array(count); for (let i = 0; i < count; i++) o[i] = dv.getFloat32(4 * i, le); return o; }
    case "F64": { const o = new Float32Array(count); for (let i = 0; i < count; i++) o[i] = dv.getFloat64(8 * i, le); return o; }
    case "F16": { const o = new Float32Array(count); for (let i = 0; i < count; i++) o[i] = half(dv.getUint16(2 * i, le)); return o; }
    case "BF16": {
      // bfloat16 is the top half of a float32
      const o = new Float32Array(count), u = new Uint32Array(o.buffer);
      for (let i = 0; i < count; i++) u[i] = dv.getUint16(2 * i, le) << 16;
      return o;
    }
    case "I8": return ints((i) => dv.getInt8(i));
    case "U8": return ints((i) => dv.getUint8(i));
    case "I16": return ints((i) => dv.getInt16(2 * i, le));
    case "U16": return ints((i) => dv.getUint16(2 * i, le));
    case "I32": return ints((i) => dv.getInt32(4 * i, le));
    case "U32": return ints((i) => dv.getUint32(4 * i, le));
    case "I64": return ints((i) => dv.getBigInt64(8 * i, le));
    case "U64": return ints((i) => dv.getBigUint64(8 * i, le));
    case "BOOL": { const o = new Uint8Array(count); for (let i = 0; i < count; i++) o[i] = dv.getUint8(i) !== 0 ? 1 : 0; return o; }
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
