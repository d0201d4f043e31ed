// Elementwise ops with numpy broadcasting: unary math, clip, binary arithmetic (float32 and int32), comparisons, where, cast.
import { show } from "../read.js";
import { ArgumentError, DTypeError } from "../errors.js";
import { broadcastShapes, broadcastStrides, fmt, sameShape } from "../shape.js";
import { active, record } from "../record.js";
import { ptrOf, shareBuffer, Tensor, type DType } from "../tensor.js";
import { SPLIT_MIN_ELEMENTS } from "../threads/split.js";
import { f32, i32, rt, type Kernels } from "../wasm.js";
import { scratch } from "../buffer.js";
import { make, meta, requireFloat, withArgs, type TensorLike } from "./run.js";
import { binaryOps, compareOps, unaryOps, type BinaryKernel, type BinaryOp, type BinaryRow, type CompareOp, type DiffBinaryOp, type UnaryOp, type UnaryRow } from "./table.js";
import { checkDType } from "./values.js";

/** @internal a unary table op (special.ts adds more of them) */
export function unary(op: UnaryOp, x: TensorLike): Tensor {
  if (x instanceof Tensor && !x.isDisposed && x.dtype === "float32") { // fast path: nothing to convert or check
    const out = make(x.shape, "float32");
    const r = rt(), k = out.size < SPLIT_MIN_ELEMENTS && r.kernels === r.split ? r.raw : r.kernels; // small: never split, so no wrapper (src/threads/split.ts)
    if (out.size > 0) k[unaryOps[op].f32](ptrOf(x), ptrOf(out), 0, out.size);
    if (active.length > 0) record(op, [x], [out], undefined);
    return out;
  }
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x");
    const row: UnaryRow = unaryOps[op];
    const kernel = t.dtype === "float32" ? row.f32 : t.dtype === "int32" ? row.i32 : undefined;
    if (kernel === undefined) requireFloat(t, op, "x", row.i32 !== undefined);
    const out = make(t.shape, t.dtype);
    if (out.size > 0) rt().kernels[kernel!](ptrOf(t), ptrOf(out), 0, out.size);
    record(op, [t], [out], undefined);
    return out;
  });
}

/** -x */
export const neg = (x: TensorLike): Tensor => unary("neg", x);
/** eˣ */
export const exp = (x: TensorLike): Tensor => unary("exp", x);
/** Natural logarithm. */
export const log = (x: TensorLike): Tensor => unary("log", x);
/** √x */
export const sqrt = (x: TensorLike): Tensor => unary("sqrt", x);
/** x² */
export const square = (x: TensorLike): Tensor => unary("square", x);
/** Hyperbolic tangent. */
export const tanh = (x: TensorLike): Tensor => unary("tanh", x);
/** 1 / (1 + e⁻ˣ) */
export const sigmoid = (x: TensorLike): Tensor => unary("sigmoid", x);
/** max(x, 0); its gradient at 0 is 0, as TensorFlow's. */
export const relu = (x: TensorLike): Tensor => unary("relu", x);

/**
 * |x| (float32 or int32; int32 wraps at −2³¹). Its gradient at 0 is 0, as TensorFlow's (tfjs gives −1).
 *
 *     tt.abs([-2, 0, 3]);   // [2, 0, 3]
 */
export const abs = (x: TensorLike): Tensor => unary("abs", x);
/**
 * −1, 0 or 1 by the sign of x (float32 or int32); ±0 and NaN are returned as they are (numpy). Gradient 0.
 *
 *     tt.sign([-2, 0, 3]);  // [-1, 0, 1]
 */
export const sign = (x: TensorLike): Tensor => unary("sign", x);
/**
 * log(1 + x), accurate for x near 0 (not computed as log of a rounded 1 + x).
 *
 *     tt.log1p(1e-10);      // 1e-10
 */
export const log1p = (x: TensorLike): Tensor => unary("log1p", x);
/**
 * eˣ − 1, accurate for x near 0.
 *
 *     tt.expm1(1e-10);      // 1e-10
 */
export const expm1 = (x: TensorLike): Tensor => unary("expm1", x);
/**
 * 1/√x.
 *
 *     tt.rsqrt([4, 0.25]);  // [0.5, 2]
 */
export const rsqrt = (x: TensorLike): Tensor => unary("rsqrt", x);
/**
 * Sine of x (radians); ≤ 1 ulp for every float32 x (exact range reduction, also for huge x).
 *
 *     tt.sin(Math.PI / 2);  // 1
 */
export const sin = (x: TensorLike): Tensor => unary("sin", x);
/**
 * Cosine of x (radians); ≤ 1 ulp for every float32 x.
 *
 *     tt.cos(0);            // 1
 */
export const cos = (x: TensorLike): Tensor => unary("cos", x);
/**
 * Tangent of x (radians); ≤ 1 ulp for every float32 x.
 *
 *     tt.tan(Math.PI / 4);  // 1
 */
export const tan = (x: TensorLike): Tensor => unary("tan", x);
/**
 * Exponential linear unit: x for x > 0, eˣ − 1 otherwise (alpha 1, as tfjs's `elu`).
 *
 *     tt.elu([-1, 2]);      // [-0.6321, 2]
 */
export const elu = (x: TensorLike): Tensor => unary("elu", x);
/**
 * log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|): no overflow, exact x for large x. Its gradient is sigmoid.
 *
 *     tt.softplus([0, 100]); // [0.6931, 100]
 */
export const softplus = (x: TensorLike): Tensor => unary("softplus", x);
/**
 * 1/x, correctly rounded; 1/±0 is ±Inf. Its gradient is −1/x².
 *
 *     tt.reciprocal([2, -0.5]);   // [0.5, -2]
 */
export const reciprocal = (x: TensorLike): Tensor => unary("reciprocal", x);

/**
 * x limited to [clipValueMin, clipValueMax] (tfjs's `clipByValue`); NaN stays NaN. The gradient passes
 * where clipValueMin ≤ x ≤ clipValueMax, as TensorFlow's.
 *
 *     tt.clip([-2, 0.5, 3], -1, 1);   // [-1, 0.5, 1]
 */
export function clip(x: TensorLike, clipValueMin: number, clipValueMax: number): Tensor {
  return withArgs("clip", (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, "clip", "x");
    for (const [name, v] of [["clipValueMin", clipValueMin], ["clipValueMax", clipValueMax]] as const) {
      if (typeof v !== "number" || Number.isNaN(v)) throw new ArgumentError(`clip: ${name} must be a number, got ${show(v)}`);
    }
    if (!(clipValueMin <= clipValueMax)) {
      throw new ArgumentError(`clip: clipValueMin (${clipValueMin}) must be less than or equal to clipValueMax (${clipValueMax})`);
    }
    const out = make(t.shape, "float32");
    if (out.size > 0) rt().kernels.clip_f32(ptrOf(t), ptrOf(out), clipValueMin, clipValueMax, 0, out.size);
    record("clip", [t], [out], { lo: clipValueMin, hi: clipValueMax });
    return out;
  });
}

/** Shape and kernel metadata of a broadcasting op; meta is 0 when every operand already has the output shape. */
function broadcast(op: string, ...xs: Tensor[]): { shape: readonly number[]; meta: number; strides: number[][] } {
  let shape: readonly number[] = xs[0].shape;
  for (let i = 1; i < xs.length; i++) if (!sameShape(shape, xs[i].shape)) shape = broadcastShapes(shape, xs[i].shape, op);
  // an input of the result's shape lends it its (frozen) shape array, which the output handle then shares
  let plain = true;
  for (const x of xs) if (sameShape(x.shape, shape)) shape = x.shape; else plain = false;
  let size = 1;
  for (const d of shape) size *= d;
  const strides = xs.map((x) => broadcastStrides(x.shape, shape));
  return { shape, meta: plain || size === 0 ? 0 : meta(op, shape, strides), strides };
}

/** Binary ops with a gradient rule: recorded (floorDiv is piecewise constant, so its result is a constant). */
const recorded = (op: BinaryOp): op is DiffBinaryOp => { const row: BinaryRow = binaryOps[op]; return row.grad !== false; };
/** The float32 ops with a contiguous kernel, for the same-shape fast path (one flat lookup, as a hot path wants). */
const contiguousF32: Partial<Record<BinaryOp, BinaryKernel>> = {};
for (const [op, row] of Object.entries(binaryOps) as [BinaryOp, BinaryRow][]) if (row.f32 !== undefined) contiguousF32[op] = row.f32;

/** @internal a binary table op */
export function binary(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  // fast path: two live float32 tensors of one shape, an op with a contiguous kernel (no conversion, no
  // broadcasting, no metadata)
  const kernel = contiguousF32[op];
  if (kernel !== undefined && a instanceof Tensor && b instanceof Tensor && !a.isDisposed && !b.isDisposed &&
    a.dtype === "float32" && b.dtype === "float32" && sameShape(a.shape, b.shape)) {
    const out = make(a.shape, "float32");
    const r = rt(), k = out.size < SPLIT_MIN_ELEMENTS && r.kernels === r.split ? r.raw : r.kernels; // small: never split, so no wrapper (src/threads/split.ts)
    if (out.size > 0) k[kernel](ptrOf(a), ptrOf(b), ptrOf(out), 0, out.size);
    if (active.length > 0 && recorded(op)) record(op, [a, b], [out], undefined);
    return out;
  }
  const fast = scalarFast(op, a, b);
  if (fast !== null) return fast;
  return withArgs(op, (args) => {
    const row: BinaryRow = binaryOps[op];
    const [A, B] = args.operands(a, b);
    const int = A.dtype === "int32" && row.int;
    if (!int) requireFloat(A, op, "a", row.int);
    const { shape, meta: m, strides } = broadcast(op, A, B);
    const out = make(shape, A.dtype);
    const k = rt().kernels, pa = ptrOf(A), pb = ptrOf(B), po = ptrOf(out), n = out.size;
    if (n > 0) {
      const contiguous = m === 0 ? (int ? row.i32 : row.f32) : undefined;
      if (contiguous !== undefined) k[contiguous](pa, pb, po, 0, n);
      else (int ? k.binary_i32 : k.binary_f32)(row.code, pa, pb, po, m === 0 ? meta(op, shape, strides) : m, 0, n);
    }
    if (recorded(op)) record(op, [A, B], [out], undefined);
    return out;
  });
}

/**
 * Fast path: a live float32 tensor `x` and a size-1 operand that broadcasts to x's shape (a JS number, or a
 * float32 tensor of size 1 and rank ≤ x's). One rank-1 walk of binary_f32 with strides (1, 0) or (0, 1): the
 * contiguous SIMD row with the scalar splatted once (the same row body as the general path, so the same bits),
 * without converting the number to a tensor, broadcasting shapes or coalescing strides. A JS number is written
 * (rounded to float32, as tensor() would) into the kernel scratch after the meta words. A number operand while a
 * tape records takes the general path (the tape needs it as a tensor); null: not this case.
 */
function scalarFast(op: BinaryOp, a: unknown, b: unknown): Tensor | null {
  if (contiguousF32[op] === undefined) return null;
  const tensorA = a instanceof Tensor;
  const x = (tensorA ? a : b) as Tensor, y = tensorA ? b : a; // x: the full operand, y: the size-1 one
  if (!(x instanceof Tensor) || x.isDisposed || x.dtype !== "float32" || x.size === 0) return null;
  let py: number;
  if (typeof y === "number") {
    if (active.length > 0) return null;
    py = scratch() + SCALAR_SLOT;
    f32(py, 1)[0] = y;
  } else if (y instanceof Tensor && !y.isDisposed && y.dtype === "float32" && y.size === 1 && y.rank <= x.rank && y !== x) {
    py = ptrOf(y);
  } else return null;
  const out = make(x.shape, "float32");
  const xFirst = x === a, m = i32(scratch(), 4);
  m[0] = 1; m[1] = x.size; m[2] = xFirst ? 1 : 0; m[3] = xFirst ? 0 : 1; // rank 1, [n], strides of a and b
  const px = ptrOf(x);
  rt().kernels.binary_f32(binaryOps[op].code, xFirst ? px : py, xFirst ? py : px, ptrOf(out), scratch(), 0, x.size);
  if (active.length > 0 && recorded(op)) record(op, [a as Tensor, b as Tensor], [out], undefined);
  return out;
}
/** Byte offset in the kernel scratch of a JS scalar operand (after the longest meta block a binary op writes). */
const SCALAR_SLOT = 512;

/** a + b */
export const add = (a: TensorLike, b: TensorLike): Tensor => binary("add", a, b);
/** a − b */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary("sub", a, b);
/** a · b */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary("mul", a, b);
/** a / b; for two int32 tensors ⌊a/b⌋ as int32 (tfjs's `div`; TF's truediv would give float64). */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary("div", a, b);
/** aᵇ */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary("pow", a, b);
/** Elementwise max(a, b); a tie sends the gradient to a, as TensorFlow. */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary("maximum", a, b);
/** Elementwise min(a, b); a tie sends the gradient to a, as TensorFlow. */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary("minimum", a, b);
/**
 * ⌊a/b⌋ (float32 or int32). Not differentiable (its gradient is 0 almost everywhere, TF has none). For int32,
 * `div` is the same (tfjs); a zero divisor gives 0 (tfjs; TF raises an error).
 *
 *     tt.floorDiv(tt.tensor([7, -7], [2], "int32"), 2);   // [3, -4]
 */
export const floorDiv = (a: TensorLike, b: TensorLike): Tensor => binary("floorDiv", a, b);
/**
 * The remainder of floor division, a − ⌊a/b⌋·b, with the sign of b (TF's floormod, tfjs's `mod`; exact for
 * float32). int32 mod 0 gives 0.
 *
 *     tt.mod([7, -7], 3);   // [1, 2]
 */
export const mod = (a: TensorLike, b: TensorLike): Tensor => binary("mod", a, b);

function compare(op: CompareOp, a: TensorLike, b: TensorLike): Tensor {
  return withArgs(op, (args) => {
    const [A, B] = args.operands(a, b);
    if (A.dtype !== "int32") requireFloat(A, op, "a", true);
    const shape = sameShape(A.shape, B.shape) ? A.shape : broadcastShapes(A.shape, B.shape, op);
    const size = shape.reduce((p, d) => p * d, 1);
    const m = size === 0 ? 0 : meta(op, shape, [broadcastStrides(A.shape, shape), broadcastStrides(B.shape, shape)]);
    const out = make(shape, "bool");
    const kernel = A.dtype === "int32" ? rt().kernels.compare_i32 : rt().kernels.compare_f32;
    if (size > 0) kernel(compareOps[op], ptrOf(A), ptrOf(B), ptrOf(out), m, 0, size);
    return out;
  });
}

/** a == b, elementwise (bool). */
export const equal = (a: TensorLike, b: TensorLike): Tensor => compare("equal", a, b);
/** a != b, elementwise (bool). */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor => compare("notEqual", a, b);
/** a < b, elementwise (bool). */
export const less = (a: TensorLike, b: TensorLike): Tensor => compare("less", a, b);
/** a <= b, elementwise (bool). */
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor => compare("lessEqual", a, b);
/** a > b, elementwise (bool). */
export const greater = (a: TensorLike, b: TensorLike): Tensor => compare("greater", a, b);
/** a >= b, elementwise (bool). */
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor => compare("greaterEqual", a, b);

/** Elementwise `condition ? a : b` with broadcasting; `condition` is bool, `a` and `b` of one dtype (any). */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  return withArgs("where", (args) => {
    const c = args.tensor(condition, "condition", "bool");
    if (c.dtype !== "bool") throw new DTypeError(`where: condition must be bool, got ${c.dtype} ${fmt(c.shape)}`);
    const [A, B] = args.operands(a, b);
    const { shape } = broadcast("where", c, A, B);
    const size = shape.reduce((p, d) => p * d, 1);
    // where_32 always takes metadata (three operands); coalescing makes the common case one row.
    const m = size === 0 ? 0 : meta("where", shape, [c, A, B].map((x) => broadcastStrides(x.shape, shape)));
    const out = make(shape, A.dtype);
    const kernel = A.dtype === "bool" ? rt().kernels.where_8 : rt().kernels.where_32;
    if (size > 0) kernel(ptrOf(c), ptrOf(A), ptrOf(B), ptrOf(out), m, 0, size);
    record("where", [c, A, B], [out], undefined);
    return out;
  });
}

const castKernel: Record<string, Extract<keyof Kernels, `cast_${string}`>> = {
  "float32>int32": "cast_f32_i32", "int32>float32": "cast_i32_f32", "bool>float32": "cast_u8_f32",
  "bool>int32": "cast_u8_i32", "float32>bool": "cast_f32_u8", "int32>bool": "cast_i32_u8",
};

/** Convert to `dtype`: float → int truncates toward zero; anything → bool is `x != 0`. */
export function cast(x: TensorLike, dtype: DType): Tensor {
  return withArgs("cast", (args) => {
    const t = args.tensor(x, "x");
    checkDType(dtype, "cast");
    let out: Tensor;
    if (t.dtype === dtype) out = shareBuffer(t.live("cast"), t.shape, dtype);
    else {
      out = make(t.shape, dtype);
      const kernel = rt().kernels[castKernel[`${t.dtype}>${dtype}`]];
      if (out.size > 0) kernel(ptrOf(t), ptrOf(out), 0, out.size);
    }
    record("cast", [t], [out], undefined);
    return out;
  });
}
