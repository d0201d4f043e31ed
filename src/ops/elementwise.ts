// Elementwise ops with numpy broadcasting: unary math, binary arithmetic, comparisons, where, cast.
import { DTypeError } from "../errors.js";
import { broadcastShapes, broadcastStrides, fmt, sameShape } from "../shape.js";
import { active, record } from "../tape.js";
import { shareBuffer, Tensor, type DType } from "../tensor.js";
import { binaryCode, compareCode, rt, type Kernels } from "../wasm.js";
import { free, make, meta, operands, requireFloat, toTensor, type TensorLike } from "./run.js";
import { checkDType } from "./values.js";

type UnaryOp = "neg" | "exp" | "log" | "sqrt" | "square" | "tanh" | "sigmoid" | "relu";
const unaryKernel = {
  neg: "neg_f32", exp: "exp_f32", log: "log_f32", sqrt: "sqrt_f32", square: "square_f32",
  tanh: "tanh_f32", sigmoid: "sigmoid_f32", relu: "relu_f32",
} as const satisfies Record<UnaryOp, keyof Kernels>;

function unary(op: UnaryOp, x: TensorLike): Tensor {
  if (x instanceof Tensor && x.buf !== null && x.dtype === "float32") { // fast path: nothing to convert or check
    const out = make(x.shape, "float32");
    if (out.size > 0) rt().kernels[unaryKernel[op]](x.buf.ptr, out.buf!.ptr, 0, out.size);
    if (active.length > 0) record(op, [x], [out], undefined);
    return out;
  }
  const temps: Tensor[] = [];
  try {
    const t = toTensor(x, op, "x", temps);
    requireFloat(t, op, "x");
    const out = make(t.shape, "float32");
    if (out.size > 0) rt().kernels[unaryKernel[op]](t.buf!.ptr, out.buf!.ptr, 0, out.size);
    record(op, [t], [out], undefined);
    return out;
  } finally {
    free(temps);
  }
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

type BinaryOp = keyof typeof binaryCode;

/** Shape and kernel metadata of a broadcasting op; meta is 0 when every operand already has the output shape. */
function broadcast(op: string, ...xs: Tensor[]): { shape: readonly number[]; meta: number } {
  let shape: readonly number[] = xs[0].shape;
  for (let i = 1; i < xs.length; i++) if (!sameShape(shape, xs[i].shape)) shape = broadcastShapes(shape, xs[i].shape, op);
  const plain = xs.every((x) => sameShape(x.shape, shape));
  let size = 1;
  for (const d of shape) size *= d;
  return { shape, meta: plain || size === 0 ? 0 : meta(op, shape, xs.map((x) => broadcastStrides(x.shape, shape))) };
}

const binaryKernel = {
  add: "add_f32", sub: "sub_f32", mul: "mul_f32", div: "div_f32", pow: "pow_f32", maximum: "maximum_f32", minimum: "minimum_f32",
} as const satisfies Record<BinaryOp, keyof Kernels>;

function binary(op: BinaryOp, a: TensorLike, b: TensorLike): Tensor {
  // fast path: two live float32 tensors of one shape (no conversion, no broadcasting, no metadata)
  if (a instanceof Tensor && b instanceof Tensor && a.buf !== null && b.buf !== null && a.dtype === "float32" &&
    b.dtype === "float32" && sameShape(a.shape, b.shape)) {
    const out = make(a.shape, "float32");
    if (out.size > 0) rt().kernels[binaryKernel[op]](a.buf.ptr, b.buf.ptr, out.buf!.ptr, 0, out.size);
    if (active.length > 0) record(op, [a, b], [out], undefined);
    return out;
  }
  const temps: Tensor[] = [];
  try {
    const [A, B] = operands(a, b, op, temps);
    requireFloat(A, op, "a");
    const { shape, meta: m } = broadcast(op, A, B);
    const out = make(shape, "float32");
    const k = rt().kernels, pa = A.buf!.ptr, pb = B.buf!.ptr, po = out.buf!.ptr, n = out.size;
    if (n > 0) {
      if (m === 0) k[binaryKernel[op]](pa, pb, po, 0, n);
      else k.binary_f32(binaryCode[op], pa, pb, po, m, 0, n);
    }
    record(op, [A, B], [out], undefined);
    return out;
  } finally {
    free(temps);
  }
}

/** a + b */
export const add = (a: TensorLike, b: TensorLike): Tensor => binary("add", a, b);
/** a − b */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary("sub", a, b);
/** a · b */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary("mul", a, b);
/** a / b */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary("div", a, b);
/** aᵇ */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary("pow", a, b);
/** Elementwise max(a, b); a tie sends the gradient to a, as TensorFlow. */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary("maximum", a, b);
/** Elementwise min(a, b); a tie sends the gradient to a, as TensorFlow. */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary("minimum", a, b);

type CompareOp = keyof typeof compareCode;
function compare(op: CompareOp, a: TensorLike, b: TensorLike): Tensor {
  const temps: Tensor[] = [];
  try {
    const [A, B] = operands(a, b, op, temps);
    requireFloat(A, op, "a");
    const shape = sameShape(A.shape, B.shape) ? A.shape : broadcastShapes(A.shape, B.shape, op);
    const size = shape.reduce((p, d) => p * d, 1);
    const m = size === 0 ? 0 : meta(op, shape, [broadcastStrides(A.shape, shape), broadcastStrides(B.shape, shape)]);
    const out = make(shape, "bool");
    if (size > 0) rt().kernels.compare_f32(compareCode[op], A.buf!.ptr, B.buf!.ptr, out.buf!.ptr, m, 0, size);
    return out;
  } finally {
    free(temps);
  }
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

/** Elementwise `condition ? a : b` with broadcasting; `condition` is bool. */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const temps: Tensor[] = [];
  try {
    const c = toTensor(condition, "where", "condition", temps, "bool");
    if (c.dtype !== "bool") throw new DTypeError(`where: condition must be bool, got ${c.dtype} ${fmt(c.shape)}`);
    const [A, B] = operands(a, b, "where", temps);
    if (A.dtype === "bool") throw new DTypeError("where: bool values are not supported yet; cast them to int32");
    const { shape } = broadcast("where", c, A, B);
    const size = shape.reduce((p, d) => p * d, 1);
    // where_32 always takes metadata (three operands); coalescing makes the common case one row.
    const m = size === 0 ? 0 : meta("where", shape, [c, A, B].map((x) => broadcastStrides(x.shape, shape)));
    const out = make(shape, A.dtype);
    if (size > 0) rt().kernels.where_32(c.buf!.ptr, A.buf!.ptr, B.buf!.ptr, out.buf!.ptr, m, 0, size);
    record("where", [c, A, B], [out], undefined);
    return out;
  } finally {
    free(temps);
  }
}

const castKernel: Record<string, keyof Kernels> = {
  "float32>int32": "cast_f32_i32", "int32>float32": "cast_i32_f32", "bool>float32": "cast_u8_f32",
  "bool>int32": "cast_u8_i32", "float32>bool": "cast_f32_u8", "int32>bool": "cast_i32_u8",
};

/** Convert to `dtype`: float → int truncates toward zero; anything → bool is `x != 0`. */
export function cast(x: TensorLike, dtype: DType): Tensor {
  const temps: Tensor[] = [];
  try {
    const t = toTensor(x, "cast", "x", temps);
    checkDType(dtype, "cast");
    let out: Tensor;
    if (t.dtype === dtype) out = shareBuffer(t.buf!, t.shape, dtype);
    else {
      out = make(t.shape, dtype);
      const kernel = rt().kernels[castKernel[`${t.dtype}>${dtype}`]] as (x: number, o: number, s: number, e: number) => void;
      if (out.size > 0) kernel(t.buf!.ptr, out.buf!.ptr, 0, out.size);
    }
    record("cast", [t], [out], undefined);
    return out;
  } finally {
    free(temps);
  }
}
