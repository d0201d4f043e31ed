// Shared plumbing of the ops: the argument helper (read once, temporaries, error paths), output allocation,
// kernel metadata and the per-op bounds check.
import { scratch } from "../buffer.js";
import { checkNaN, debugOn } from "../debug.js";
import { ArgumentError, DTypeError, ShapeError } from "../errors.js";
import { beginScope, endScope } from "../scope.js";
import { coalesce, fmt } from "../shape.js";
import { alloc, ptrOf, Tensor, type DType, type Shape } from "../tensor.js";
import { i32, rt } from "../wasm.js";
import { fromValues, indicesFrom, type TensorLike } from "./values.js";

export type { TensorLike };

/** A new tensor with an uninitialised buffer (the shape is checked before anything is allocated). */
export function make(shape: Shape, dtype: DType): Tensor {
  return alloc(shape, dtype);
}

/** A new tensor of a checked `shape` with every element `value` (the primitive under `fill` and `pad`). */
export function filled(shape: Shape, value: number | boolean, dtype: DType): Tensor {
  const t = alloc(shape, dtype);
  const k = rt().kernels, p = ptrOf(t), n = t.size;
  if (dtype === "float32") k.fill_f32(p, Number(value), 0, n);
  else if (dtype === "int32") k.fill_i32(p, Number(value) | 0, 0, n);
  else k.fill_u8(p, value ? 1 : 0, 0, n);
  return t;
}

const isPromise = (x: unknown): boolean =>
  x !== null && typeof x === "object" && typeof (x as { then?: unknown }).then === "function";

/**
 * The arguments of one op call. Each tensor argument is converted once (JS values are read once into a
 * JS-side typed array, then copied into wasm); the converted temporaries belong to the call's scope.
 */
export class Args {
  constructor(readonly op: string) {}

  /** `x` as a live tensor: a Tensor as is, a JS value converted (in `dtype` when given). */
  tensor(x: unknown, arg: string, dtype?: DType): Tensor {
    if (x instanceof Tensor) {
      x.live(this.op);
      return x;
    }
    if (isPromise(x)) throw new ArgumentError(`${this.op}: argument ${arg} is a Promise; await it first`);
    return fromValues(x, undefined, dtype, this.op, arg);
  }

  /** Two operands of a binary op: a JS value adopts the other operand's dtype; two tensors must agree. */
  operands(a: unknown, b: unknown): [Tensor, Tensor] {
    const ta = a instanceof Tensor ? this.tensor(a, "a") : null;
    const tb = b instanceof Tensor ? this.tensor(b, "b") : null;
    const A = ta ?? this.tensor(a, "a", tb?.dtype);
    const B = tb ?? this.tensor(b, "b", A.dtype);
    if (A.dtype !== B.dtype) {
      throw new DTypeError(`${this.op}: a is ${A.dtype} ${fmt(A.shape)} and b is ${B.dtype} ${fmt(B.shape)}; cast one explicitly (tt.cast(x, "${A.dtype}"))`);
    }
    return [A, B];
  }

  /** `v` as int32 indices: an int32 Tensor, or JS integers (nested arrays, a number, a typed array). */
  indices(v: unknown, arg: string): Tensor {
    if (v instanceof Tensor) {
      const t = this.tensor(v, arg);
      if (t.dtype !== "int32") throw new DTypeError(`${this.op}: ${arg} must be int32, got ${t.dtype} ${fmt(t.shape)} (tt.cast(${arg}, "int32"))`);
      return t;
    }
    if (isPromise(v)) throw new ArgumentError(`${this.op}: argument ${arg} is a Promise; await it first`);
    return indicesFrom(v, this.op, arg);
  }
}

/**
 * Run the body of op `op` with its argument helper: every tensor made during the call (converted arguments,
 * intermediates, a half-built output) is freed when the body throws, and everything but the result (and
 * tensors a tape or customGradient keeps) when it returns. The one way an op handles its temporaries.
 */
export function withArgs<R>(op: string, body: (a: Args) => R): R {
  const args = new Args(op);
  beginScope();
  let r: R;
  try {
    r = body(args);
    if (debugOn) checkNaN(op, r); // debug mode (tt.setDebug): also the ops a tape does not record
  } catch (e) {
    endScope(undefined);
    throw e;
  }
  endScope(r);
  return r;
}

/** Throw unless `t` is float32 (or, when `orInt32`, int32 too). */
export function requireFloat(t: Tensor, op: string, arg: string, orInt32 = false): void {
  if (t.dtype === "float32" || (orInt32 && t.dtype === "int32")) return;
  throw new DTypeError(`${op}: ${arg} must be float32${orInt32 ? " or int32" : ""}, got ${t.dtype} ${fmt(t.shape)}`);
}

/**
 * The last line of defence for strided kernels (always on, once per call): the elements a walk of `shape`
 * with `strides` from element `offset` touches all lie inside `t`'s allocation.
 */
export function inBounds(op: string, t: Tensor, offset: number, shape: Shape, strides: readonly number[]): void {
  let lo = offset, hi = offset, n = 1;
  for (let d = 0; d < shape.length; d++) {
    n *= shape[d];
    const reach = (shape[d] - 1) * strides[d];
    if (reach < 0) lo += reach; else hi += reach;
  }
  if (n === 0) return;
  if (!(lo >= 0 && hi < t.size && Number.isSafeInteger(hi))) {
    throw new ShapeError(`${op}: internal check: a strided walk over ${fmt(shape)} from element ${offset} reaches [${lo}, ${hi}] outside ${t.describe()}`);
  }
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
