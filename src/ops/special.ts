// Elementwise ops beyond the basic set: rounding, hyperbolic and inverse trigonometric functions, erf, atan2,
// the activations built from them (gelu, silu, selu, leakyRelu, logSigmoid), float classification, logic on bools.
import { ArgumentError, DTypeError } from "../errors.js";
import { show } from "../read.js";
import { fmt } from "../shape.js";
import type { Tensor } from "../tensor.js";
import {
  abs, binary, elu, equal, greater, less, mul, neg, notEqual, sigmoid, softplus, square, sub, tanh, unary, where, add,
} from "./elementwise.js";
import { requireFloat, withArgs, type Args, type TensorLike } from "./run.js";

/**
 * ⌊x⌋, exact. No gradient (TF has none: it is 0 almost everywhere).
 *
 *     tt.floor([-1.5, 2.5]);   // [-2, 2]
 */
export const floor = (x: TensorLike): Tensor => unary("floor", x);
/**
 * ⌈x⌉, exact. No gradient.
 *
 *     tt.ceil([-1.5, 2.5]);    // [-1, 3]
 */
export const ceil = (x: TensorLike): Tensor => unary("ceil", x);
/**
 * x rounded to the nearest integer, halves to even (TF's and tfjs's `round`; not JS's Math.round). No gradient.
 *
 *     tt.round([0.5, 1.5, 2.5, -0.5]);   // [0, 2, 2, -0]
 */
export const round = (x: TensorLike): Tensor => unary("round", x);
/** Hyperbolic sine; ≤ 1 ulp (evaluated in float64). Gradient cosh x. */
export const sinh = (x: TensorLike): Tensor => unary("sinh", x);
/** Hyperbolic cosine; ≤ 1 ulp. Gradient sinh x. */
export const cosh = (x: TensorLike): Tensor => unary("cosh", x);
/** Inverse hyperbolic sine; ≤ 1 ulp. Gradient 1/√(x² + 1). */
export const asinh = (x: TensorLike): Tensor => unary("asinh", x);
/** Inverse hyperbolic cosine (NaN below 1); ≤ 1 ulp. Gradient 1/√(x² − 1). */
export const acosh = (x: TensorLike): Tensor => unary("acosh", x);
/** Inverse hyperbolic tangent (±Inf at ±1, NaN beyond); ≤ 1 ulp. Gradient 1/(1 − x²). */
export const atanh = (x: TensorLike): Tensor => unary("atanh", x);
/** Arcsine in [−π/2, π/2] (NaN beyond ±1); ≤ 1 ulp. Gradient 1/√(1 − x²). */
export const asin = (x: TensorLike): Tensor => unary("asin", x);
/** Arccosine in [0, π] (NaN beyond ±1); ≤ 1 ulp. Gradient −1/√(1 − x²). */
export const acos = (x: TensorLike): Tensor => unary("acos", x);
/** Arctangent in (−π/2, π/2); ≤ 1 ulp. Gradient 1/(1 + x²). */
export const atan = (x: TensorLike): Tensor => unary("atan", x);
/**
 * The error function 2/√π ∫₀ˣ e^(−t²) dt; ≤ 1 ulp. Gradient 2/√π·e^(−x²).
 *
 *     tt.erf([0, 1]);   // [0, 0.8427]
 */
export const erf = (x: TensorLike): Tensor => unary("erf", x);
/**
 * The angle of the point (b, a) in (−π, π]: atan(a/b) in the right quadrant, with C's special cases (the signs
 * of zeros count); ≤ 1 ulp, with broadcasting. Gradients b/(a² + b²) and −a/(a² + b²).
 *
 *     tt.atan2([1, 1], [1, -1]);   // [0.7854, 2.3562]
 */
export const atan2 = (a: TensorLike, b: TensorLike): Tensor => binary("atan2", a, b);

/**
 * (a − b)², with broadcasting (float32 or int32; tfjs's `squaredDifference`). A composite.
 *
 *     tt.squaredDifference([1, 5], 2);   // [1, 9]
 */
export function squaredDifference(a: TensorLike, b: TensorLike): Tensor {
  return withArgs("squaredDifference", () => square(sub(a, b)));
}

/** The float32 tensor `x` of `op`. */
function floatArg(args: Args, x: TensorLike, op: string): Tensor {
  const t = args.tensor(x, "x");
  requireFloat(t, op, "x");
  return t;
}

/**
 * log(sigmoid(x)) = −softplus(−x): finite and exact for large |x| (≈ x for very negative x). A composite.
 *
 *     tt.logSigmoid([0, -100]);   // [-0.6931, -100]
 */
export function logSigmoid(x: TensorLike): Tensor {
  return withArgs("logSigmoid", (args) => neg(softplus(neg(floatArg(args, x, "logSigmoid")))));
}

// SELU's constants (Klambauer et al. 2017, "Self-Normalizing Neural Networks", eq. 14), as TF
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * Scaled exponential linear unit: scale·x for x > 0, scale·alpha·(eˣ − 1) otherwise (alpha ≈ 1.6733, scale ≈
 * 1.0507, as TF). A composite of elu; its gradient at 0 is scale·alpha, as TF's.
 *
 *     tt.selu([-1, 1]);   // [-1.1113, 1.0507]
 */
export function selu(x: TensorLike): Tensor {
  return withArgs("selu", (args) => {
    const t = floatArg(args, x, "selu");
    return where(greater(t, 0), mul(t, SELU_SCALE), mul(elu(t), SELU_SCALE * SELU_ALPHA));
  });
}

/**
 * x·sigmoid(x) (swish with β = 1, TF's `silu`). A composite.
 *
 *     tt.silu([-1, 0, 1]);   // [-0.2689, 0, 0.7311]
 */
export function silu(x: TensorLike): Tensor {
  return withArgs("silu", (args) => {
    const t = floatArg(args, x, "silu");
    return mul(t, sigmoid(t));
  });
}

/**
 * Gaussian error linear unit (Hendrycks & Gimpel 2016): x·Φ(x) = ½x·(1 + erf(x/√2)), or with `approximate`
 * their tanh form ½x·(1 + tanh(√(2/π)·(x + 0.044715x³))), as TF's `gelu`. A composite.
 *
 *     tt.gelu([-1, 1]);   // [-0.1587, 0.8413]
 */
export function gelu(x: TensorLike, approximate = false): Tensor {
  return withArgs("gelu", (args) => {
    const t = floatArg(args, x, "gelu");
    if (typeof approximate !== "boolean") throw new ArgumentError(`gelu: approximate must be a boolean, got ${show(approximate)}`);
    const inner = approximate ? tanh(mul(add(t, mul(mul(t, square(t)), 0.044715)), Math.sqrt(2 / Math.PI))) : erf(mul(t, Math.SQRT1_2));
    return mul(mul(t, 0.5), add(inner, 1));
  });
}

/**
 * x for x > 0, alpha·x otherwise (alpha defaults to 0.2, as tfjs and TF). Its gradient at 0 is alpha, as TF's.
 *
 *     tt.leakyRelu([-1, 2]);   // [-0.2, 2]
 */
export function leakyRelu(x: TensorLike, alpha = 0.2): Tensor {
  return withArgs("leakyRelu", (args) => {
    const t = floatArg(args, x, "leakyRelu");
    if (typeof alpha !== "number" || Number.isNaN(alpha)) throw new ArgumentError(`leakyRelu: alpha must be a number, got ${show(alpha)}`);
    return where(greater(t, 0), t, mul(t, alpha));
  });
}

/** The float32 or int32 tensor `x` of a classification op (bool results; int32 values are never NaN or infinite). */
function classify(x: TensorLike, op: string, f: (t: Tensor) => Tensor): Tensor {
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, op, "x", true);
    return f(t.dtype === "int32" ? t.cast("float32") : t);
  });
}
/**
 * Whether x is NaN (bool).
 *
 *     tt.isNaN([NaN, 1]);   // [true, false]
 */
export const isNaN = (x: TensorLike): Tensor => classify(x, "isNaN", (t) => notEqual(t, t));
/** Whether x is +Inf or −Inf (bool). */
export const isInf = (x: TensorLike): Tensor => classify(x, "isInf", (t) => equal(abs(t), Infinity));
/** Whether x is neither NaN nor ±Inf (bool). */
export const isFinite = (x: TensorLike): Tensor => classify(x, "isFinite", (t) => less(abs(t), Infinity));

/** The bool operand `arg` of a logical op. */
function boolArg(args: Args, x: TensorLike, op: string, arg: string): Tensor {
  const t = args.tensor(x, arg, "bool");
  if (t.dtype !== "bool") throw new DTypeError(`${op}: ${arg} must be bool, got ${t.dtype} ${fmt(t.shape)}`);
  return t;
}
/** A logical op on two bool operands, with broadcasting, as a `where` on them. */
function logical(op: string, a: TensorLike, b: TensorLike, f: (A: Tensor, B: Tensor) => Tensor): Tensor {
  return withArgs(op, (args) => f(boolArg(args, a, op, "a"), boolArg(args, b, op, "b")));
}
/**
 * a ∧ b on bool tensors, with broadcasting.
 *
 *     tt.logicalAnd([true, true], [true, false]);   // [true, false]
 */
export const logicalAnd = (a: TensorLike, b: TensorLike): Tensor => logical("logicalAnd", a, b, (A, B) => where(A, B, false));
/** a ∨ b on bool tensors, with broadcasting. */
export const logicalOr = (a: TensorLike, b: TensorLike): Tensor => logical("logicalOr", a, b, (A, B) => where(A, true, B));
/** a ⊕ b (exactly one true) on bool tensors, with broadcasting. */
export const logicalXor = (a: TensorLike, b: TensorLike): Tensor => logical("logicalXor", a, b, (A, B) => notEqual(A.cast("int32"), B.cast("int32")));
/** ¬x on a bool tensor. */
export function logicalNot(x: TensorLike): Tensor {
  return withArgs("logicalNot", (args) => where(boolArg(args, x, "logicalNot", "x"), false, true));
}
