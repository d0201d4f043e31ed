// Elementwise ops with numpy broadcasting: unary math, clip, binary arithmetic (float32 and int32), comparisons, where, cast.
import { show } from "../read.js";
import { ArgumentError, DTypeError } from "../errors.js";
import { broadcastShapes, broadcastStrides, fmt, sameShape } from "../shape.js";
import { active, record } from "../record.js";
import { ptrOf, shareBuffer, Tensor, type DType } from "../tensor.js";
import { binaryCode, compareCode, rt, type Kernels } from "../wasm.js";
import { make, meta, requireFloat, withArgs, type TensorLike } from "./run.js";
import { checkDType } from "./values.js";

type UnaryOp = "neg" | "exp" | "log" | "sqrt" | "square" | "tanh" | "sigmoid" | "relu"
  | "abs" | "sign" | "log1p" | "expm1" | "rsqrt" | "sin" | "cos" | "tan" | "elu" | "softplus";
const unaryKernel = {
  neg: "neg_f32", exp: "exp_f32", log: "log_f32", sqrt: "sqrt_f32", square: "square_f32",
  tanh: "tanh_f32", sigmoid: "sigmoid_f32", relu: "relu_f32",
  abs: "abs_f32", sign: "sign_f32", log1p: "log1p_f32", expm1: "expm1_f32", rsqrt: "rsqrt_f32", sin: "sin_f32",
  cos: "cos_f32", tan: "tan_f32", elu: "elu_f32", softplus: "softplus_f32",
} as const satisfies Record<UnaryOp, keyof Kernels>;
/** The unary ops that also take int32 (TF's and tfjs's integer kernels), and theirs. */
const intUnaryKernel: Partial<Record<UnaryOp, keyof Kernels>> = { neg: "neg_i32", abs: "abs_i32", sign: "sign_i32", square: "square_i32" };

function unary(op: UnaryOp, x: TensorLike): Tensor {
  if (x instanceof Tensor && !x.isDisposed && x.dtype === "float32") { // fast path: nothing to convert or check
    const out = make(x.shape, "float32");
    if (out.size > 0) (rt().kernels[unaryKernel[op]] as (x: number, o: number, s: number, e: number) => void)(ptrOf(x), ptrOf(out), 0, out.size);
    if (active.length > 0) record(op, [x], [out], undefined);
    return out;
  }
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x");
    const kernel = t.dtype === "float32" ? unaryKernel[op] : t.dtype === "int32" ? intUnaryKernel[op] : undefined;
    if (kernel === undefined) requireFloat(t, op, "x", intUnaryKernel[op] !== undefined);
    const out = make(t.shape, t.dtype);
    if (out.size > 0) (rt().kernels[kernel!] as (x: number, o: number, s: number, e: number) => void)(ptrOf(t), ptrOf(out), 0, out.size);
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

type BinaryOp = keyof typeof binaryCode;

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

/** Binary ops with an int32 kernel, and the ones with a contiguous (same-shape) kernel per dtype. */
const intBinary = new Set<BinaryOp>(["add", "sub", "mul", "div", "maximum", "minimum", "floorDiv", "mod"]);
const contiguousF32 = new Set<BinaryOp>(["add", "sub", "mul", "div", "pow", "maximum", "minimum"]);
const contiguousI32 = new Set<BinaryOp>(["add", "sub", "mul", "maximum", "minimum"]);
/** The float32 ops with a contiguous kernel, for the same-shape fast path. */
const binaryKernel: Partial<Record<BinaryOp, keyof Kernels>> = {
  add: "add_f32", sub: "sub_f32", mul: "mul_f32", div: "div_f32", pow: "pow_f32", maximum: "maximum_f32", minimum: "minimum_f32",
};

function binary(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  // fast path: two live float32 tensors of one shape, an op with a contiguous kernel (no conversion, no
  // broadcasting, no metadata); these ops are all differentiable
  const kernel = binaryKernel[op];
  if (kernel !== undefined && a instanceof Tensor && b instanceof Tensor && !a.isDisposed && !b.isDisposed &&
    a.dtype === "float32" && b.dtype === "float32" && sameShape(a.shape, b.shape)) {
    const out = make(a.shape, "float32");
    if (out.size > 0) (rt().kernels[kernel] as (a: number, b: number, o: number, s: number, e: number) => void)(ptrOf(a), ptrOf(b), ptrOf(out), 0, out.size);
    if (active.length > 0) record(op as Exclude<BinaryOp, "floorDiv">, [a, b], [out], undefined);
    return out;
  }
  return withArgs(op, (args) => {
    const [A, B] = args.operands(a, b);
    const int = A.dtype === "int32" && intBinary.has(op);
    if (!int) requireFloat(A, op, "a", intBinary.has(op));
    const { shape, meta: m, strides } = broadcast(op, A, B);
    const out = make(shape, A.dtype);
    const k = rt().kernels, pa = ptrOf(A), pb = ptrOf(B), po = ptrOf(out), n = out.size;
    if (n > 0) {
      const contiguous = m === 0 && (int ? contiguousI32 : contiguousF32).has(op);
      if (contiguous) (k[`${op}_${int ? "i32" : "f32"}` as keyof Kernels] as (a: number, b: number, o: number, s: number, e: number) => void)(pa, pb, po, 0, n);
      else (int ? k.binary_i32 : k.binary_f32)(binaryCode[op], pa, pb, po, m === 0 ? meta(op, shape, strides) : m, 0, n);
    }
    // floorDiv is piecewise constant: no gradient (TF), so it is not recorded and its result is a constant
    if (op !== "floorDiv") record(op as Exclude<BinaryOp, "floorDiv">, [A, B], [out], undefined);
    return out;
  });
}

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

type CompareOp = keyof typeof compareCode;
function compare(op: CompareOp, a: TensorLike, b: TensorLike): Tensor {
  return withArgs(op, (args) => {
    const [A, B] = args.operands(a, b);
    if (A.dtype !== "int32") requireFloat(A, op, "a", true);
    const shape = sameShape(A.shape, B.shape) ? A.shape : broadcastShapes(A.shape, B.shape, op);
    const size = shape.reduce((p, d) => p * d, 1);
    const m = size === 0 ? 0 : meta(op, shape, [broadcastStrides(A.shape, shape), broadcastStrides(B.shape, shape)]);
    const out = make(shape, "bool");
    const kernel = A.dtype === "int32" ? rt().kernels.compare_i32 : rt().kernels.compare_f32;
    if (size > 0) kernel(compareCode[op], ptrOf(A), ptrOf(B), ptrOf(out), m, 0, size);
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

const castKernel: Record<string, keyof Kernels> = {
  "float32>int32": "cast_f32_i32", "int32>float32": "cast_i32_f32", "bool>float32": "cast_u8_f32",
  "bool>int32": "cast_u8_i32", "float32>bool": "cast_f32_u8", "int32>bool": "cast_i32_u8",
};

/** Convert to `dtype`: float → int truncates toward zero; anything → bool is `x != 0`. */
export function cast(x: TensorLike, dtype: DType): Tensor {
  return withArgs("cast", (args) => {
    const t = args.tensor(x, "x");
    checkDType(dtype, "cast");
    let out: Tensor;
    if (t.dtype === dtype) out = shareBuffer(t.data_("cast"), t.shape, dtype);
    else {
      out = make(t.shape, dtype);
      const kernel = rt().kernels[castKernel[`${t.dtype}>${dtype}`]] as (x: number, o: number, s: number, e: number) => void;
      if (out.size > 0) kernel(ptrOf(t), ptrOf(out), 0, out.size);
    }
    record("cast", [t], [out], undefined);
    return out;
  });
}
