// Shared plumbing of the ops: argument conversion, output allocation, kernel metadata.
import { allocBuffer, scratch } from "../buffer.js";
import { ArgumentError, DTypeError, ShapeError } from "../errors.js";
import { coalesce, fmt } from "../shape.js";
import { bytesPer, sizeOf, Tensor, type DType, type Shape } from "../tensor.js";
import { i32 } from "../wasm.js";
import { fromValues, type TensorLike } from "./values.js";

export type { TensorLike };

/** A new tensor with an uninitialised buffer. */
export function make(shape: Shape, dtype: DType): Tensor {
  return new Tensor(allocBuffer(sizeOf(shape) * bytesPer[dtype]), shape, dtype);
}

/** Convert what the user passed as `arg` of `op`; `temps` collects what the op must free afterwards. */
export function toTensor(x: TensorLike, op: string, arg: string, temps: Tensor[], dtype?: DType): Tensor {
  if (x instanceof Tensor) {
    x.data_(op);
    return x;
  }
  if (x !== null && typeof x === "object" && typeof (x as { then?: unknown }).then === "function") {
    throw new ArgumentError(`${op}: argument ${arg} is a Promise; await it first`);
  }
  const t = fromValues(x, undefined, dtype, op, arg);
  temps.push(t);
  return t;
}

/** Free an op's converted temporaries (a tape that saved one holds its own reference). */
export function free(temps: Tensor[]): void {
  for (const t of temps) t.dispose();
}

/** Two operands of a binary op: a JS value adopts the other operand's dtype; two tensors must agree. */
export function operands(a: TensorLike, b: TensorLike, op: string, temps: Tensor[]): [Tensor, Tensor] {
  const ta = a instanceof Tensor ? toTensor(a, op, "a", temps) : null;
  const tb = b instanceof Tensor ? toTensor(b, op, "b", temps) : null;
  const A = ta ?? toTensor(a, op, "a", temps, tb?.dtype);
  const B = tb ?? toTensor(b, op, "b", temps, A.dtype);
  if (A.dtype !== B.dtype) {
    throw new DTypeError(`${op}: a is ${A.dtype} ${fmt(A.shape)} and b is ${B.dtype} ${fmt(B.shape)}; cast one explicitly (tt.cast(x, "${A.dtype}"))`);
  }
  return [A, B];
}

/** Throw unless `t` is float32 (or, when `orInt32`, int32 too). */
export function requireFloat(t: Tensor, op: string, arg: string, orInt32 = false): void {
  if (t.dtype === "float32" || (orInt32 && t.dtype === "int32")) return;
  throw new DTypeError(`${op}: ${arg} must be float32${orInt32 ? " or int32" : ""}, got ${t.dtype} ${fmt(t.shape)}`);
}

const MAX_RANK = 8;

/**
 * Write [rank, shape…, strides of each operand…] to the kernel scratch area (coalesced first) and
 * return its address. Called only after validation, right before the kernel runs.
 */
export function meta(op: string, shape: Shape, strides: number[][]): number {
  const c = coalesce(shape, strides);
  const rank = c.shape.length;
  if (rank > MAX_RANK) throw new ShapeError(`${op}: shape ${fmt(shape)} needs ${rank} strided dimensions; at most ${MAX_RANK} are supported`);
  const ptr = scratch();
  const m = i32(ptr, 1 + rank * (1 + strides.length)); // a fresh view: memory may have grown since the last op
  m[0] = rank;
  for (let d = 0; d < rank; d++) m[1 + d] = c.shape[d];
  for (let p = 0; p < c.strides.length; p++) {
    const s = c.strides[p], o = 1 + rank * (1 + p);
    for (let d = 0; d < rank; d++) m[o + d] = s[d];
  }
  return ptr;
}
