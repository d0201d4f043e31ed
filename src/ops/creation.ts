// Creation: tensor, scalar, zeros, ones, fill, zerosLike, onesLike, range, linspace, eye.
import { readInt, show } from "../read.js";
import { ArgumentError, DTypeError, ShapeError } from "../errors.js";
import { checkShape, fmt } from "../shape.js";
import { MAX_ELEMENTS, ptrOf, Tensor, type DType, type Shape } from "../tensor.js";
import { f32, i32, rt } from "../wasm.js";
import { cast } from "./elementwise.js";
import { oneHot } from "./gather.js";
import { broadcastTo, reshape } from "./layout.js";
import { filled, make, withArgs } from "./run.js";
import { checkDType, fromValues, type NestedValues } from "./values.js";

/**
 * A tensor from values: a number, a boolean, nested arrays or a typed array. The shape is inferred
 * from nested arrays unless given (a single number fills the given shape); the dtype is inferred
 * (float32 for numbers, bool for booleans, int32 for Int32Array) unless given.
 *
 *     tt.tensor([[1, 2], [3, 4]]);   tt.tensor([1, 2, 3, 4], [2, 2], "int32");
 */
export function tensor(values: NestedValues | Float32Array | Int32Array | Uint8Array, shape?: Shape, dtype?: DType): Tensor {
  return fromValues(values, shape, dtype, "tensor");
}

/** A rank-0 tensor. */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  if (typeof value !== "number" && typeof value !== "boolean") {
    throw new ArgumentError(`scalar: value must be a number or a boolean, got ${value === null ? "null" : typeof value}`);
  }
  return fromValues(value, [], dtype, "scalar");
}

/** A tensor of `shape` with every element `value`. */
export function fill(shape: Shape, value: number | boolean, dtype?: DType): Tensor {
  const s = checkShape(shape, "fill");
  if (typeof value !== "number" && typeof value !== "boolean") throw new ArgumentError(`fill: value must be a number or a boolean, got ${typeof value}`);
  const dt = dtype === undefined ? (typeof value === "boolean" ? "bool" : "float32") : checkDType(dtype, "fill");
  return filled(s, value, dt);
}

/** A tensor of zeros (tfjs's `tf.zeros`); float32 unless `dtype` says otherwise. */
export const zeros = (shape: Shape, dtype: DType = "float32"): Tensor => fill(shape, 0, dtype);
/** A tensor of ones (tfjs's `tf.ones`); float32 unless `dtype` says otherwise. */
export const ones = (shape: Shape, dtype: DType = "float32"): Tensor => fill(shape, 1, dtype);

function like(x: Tensor, op: string): Tensor {
  if (!(x instanceof Tensor)) throw new ArgumentError(`${op}: expected a Tensor, got ${typeof x}`);
  x.live(op);
  return x;
}
/** Zeros with the shape and dtype of `x`. */
export function zerosLike(x: Tensor): Tensor { like(x, "zerosLike"); return fill(x.shape, 0, x.dtype); }
/** Ones with the shape and dtype of `x`. */
export function onesLike(x: Tensor): Tensor { like(x, "onesLike"); return fill(x.shape, 1, x.dtype); }

/** [start, start+step, …) up to but excluding `stop`, as tfjs's `range`. */
export function range(start: number, stop: number, step = 1, dtype: DType = "float32"): Tensor {
  for (const [k, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new ArgumentError(`range: ${k} must be a finite number, got ${show(v)}`);
  }
  if (step === 0) throw new ArgumentError("range: step must not be 0");
  if (dtype === "bool") throw new DTypeError("range: dtype bool is not supported");
  const dt = checkDType(dtype, "range");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  if (n > MAX_ELEMENTS) throw new ShapeError(`range: [${start}, ${stop}) with step ${step} has ${n} elements, more than ${MAX_ELEMENTS}`);
  // allocate first (an OutOfMemoryError before any big JS array exists), then write the values in place
  const t = make([n], dt);
  if (n > 0) {
    const p = ptrOf(t), v = dt === "int32" ? i32(p, n) : f32(p, n);
    for (let i = 0; i < n; i++) v[i] = start + i * step;
  }
  return t;
}

/**
 * `num` evenly spaced float32 values from `start` to `stop`, both included, as tfjs's `linspace`. Each
 * value is start + i·(stop − start)/(num − 1) computed in float64 and rounded once (the last is `stop`
 * exactly; tfjs accumulates the step in float32 instead). `num` = 1 gives [start].
 *
 *     tt.linspace(0, 1, 5);   // [0.   0.25 0.5  0.75 1.  ]
 */
export function linspace(start: number, stop: number, num: number): Tensor {
  for (const [k, v] of [["start", start], ["stop", stop]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new ArgumentError(`linspace: ${k} must be a finite number, got ${show(v)}`);
  }
  num = readInt(num, "linspace", "num", 1); // the wrong kind: ArgumentError; a bad value: ShapeError
  checkShape([num], "linspace", "result shape");
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  // allocate first (an OutOfMemoryError before any big JS array exists), then write the values in place
  const t = make([num], "float32");
  const v = f32(ptrOf(t), num);
  for (let i = 0; i < num; i++) v[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return t;
}

/**
 * The identity matrix [numRows, numColumns] (default square) with ones on the main diagonal, repeated
 * over `batchShape` when given (result batchShape ++ [numRows, numColumns]), as tfjs's `eye`.
 *
 *     tt.eye(2);                            // [[1. 0.] [0. 1.]]
 *     tt.eye(2, 3, [4], "int32").shape;     // [4, 2, 3]
 */
export function eye(numRows: number, numColumns: number = numRows, batchShape?: Shape, dtype: DType = "float32"): Tensor {
  numRows = readInt(numRows, "eye", "numRows");
  numColumns = readInt(numColumns, "eye", "numColumns");
  const batch = batchShape === undefined ? [] : checkShape(batchShape, "eye", "batchShape");
  const dt = checkDType(dtype, "eye");
  checkShape([...batch, numRows, numColumns], "eye", `result shape ${fmt([...batch, numRows, numColumns])}`);
  // row i is the one-hot row of i (rows beyond numColumns have no one)
  return withArgs("eye", () => { // the scope frees the intermediates
    const rows = range(0, numRows, 1, "int32");
    let m = oneHot(rows, numColumns, 1, 0, dt === "int32" ? "int32" : "float32");
    if (dt === "bool") m = cast(m, "bool");
    if (batch.length === 0) return m;
    return broadcastTo(reshape(m, [...batch.map(() => 1), numRows, numColumns]), [...batch, numRows, numColumns]);
  });
}
