// Summaries over axes, composites of the reductions: norm, moments, any, all.
import { ArgumentError, DTypeError, ShapeError } from "../errors.js";
import { readList, show } from "../read.js";
import { fmt, keptShape, normalizeAxes, oneAxis } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { abs, cast, greater, sqrt, square, sub } from "./elementwise.js";
import { reshape } from "./layout.js";
import { max, mean, min, sum } from "./reduce.js";
import { requireFloat, withArgs, type TensorLike } from "./run.js";

/** The `ord` of `norm`, as tfjs's: "euclidean" (= 2) or "fro", 1, 2, ±Infinity (see `norm` for which apply to vectors and matrices). */
export type NormOrd = "euclidean" | "fro" | 1 | 2 | number;

const dropped = (shape: readonly number[], axes: number[], keepDims: boolean) =>
  (keepDims ? keptShape(shape, axes) : shape.filter((_, i) => !axes.includes(i)));

/**
 * A vector or matrix norm, as tfjs: with no axis x is flattened to a vector; one axis gives vector norms, two axes
 * matrix norms (the first axis is the rows). Vector ord: `"euclidean"` (= 2), 1, Infinity, -Infinity; matrix ord:
 * `"euclidean"`/`"fro"`, 1 (max column sum), Infinity (max row sum), -Infinity (min row sum). The euclidean norm's
 * gradient at x = 0 is NaN, as TF's.
 *
 *     tt.norm([3, 4]);                          // 5
 *     tt.norm([[1, -2], [3, 4]], 1, [0, 1]);    // 6
 */
export function norm(x: TensorLike, ord: NormOrd = "euclidean", axis?: number | readonly number[] | null, keepDims = false): Tensor {
  return withArgs("norm", (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, "norm", "x");
    const bad = () => new ArgumentError(`norm: ord ${show(ord)} is not supported for ${axes.length === 2 ? "a matrix" : "a vector"} norm of x ${fmt(t.shape)} (tfjs's set)`);
    const flat = axis === undefined || axis === null;
    // read once: each listed axis is copied, then checked (in the given order: the first is the rows); not a number
    // or an array is readList's ArgumentError
    const axes = flat ? [] : typeof axis === "number" ? [oneAxis(axis, t.rank, "norm", t.shape)] : readList(axis, "norm", "axis").map((a) => oneAxis(a, t.rank, "norm", t.shape));
    if (axes.length === 2 && axes[0] === axes[1]) throw new ShapeError(`norm: axis ${fmt(axes)} repeats an axis of x ${fmt(t.shape)}`);
    if (axes.length > 2) throw new ShapeError(`norm: axis ${fmt(axes)} names ${axes.length} axes of x ${fmt(t.shape)}; a norm takes one (vector) or two (matrix)`);
    if (t.rank === 0) return abs(t);
    if (flat || axes.length === 1) {
      const v = flat ? reshape(t, [-1]) : t, ax = flat ? [0] : axes;
      const r = ord === 1 ? sum(abs(v), ax, true) : ord === Infinity ? max(abs(v), ax, true) : ord === -Infinity ? min(abs(v), ax, true)
        : ord === "euclidean" || ord === 2 ? sqrt(sum(square(v), ax, true)) : null;
      if (r === null) throw bad();
      return reshape(r, flat ? (keepDims ? t.shape.map(() => 1) : []) : dropped(t.shape, ax, keepDims));
    }
    const [rows, cols] = axes;
    const r = ord === 1 ? max(sum(abs(t), rows, true), cols, true) : ord === Infinity ? max(sum(abs(t), cols, true), rows, true)
      : ord === -Infinity ? min(sum(abs(t), cols, true), rows, true) : ord === "euclidean" || ord === "fro" ? sqrt(sum(square(t), axes, true)) : null;
    if (r === null) throw bad();
    return reshape(r, dropped(t.shape, [...axes].sort((a, b) => a - b), keepDims));
  });
}

/**
 * Mean and (biased, population) variance over `axes` (default all), as tfjs: variance = mean((x − mean)²).
 *
 *     tt.moments([1, 2, 3, 6]);   // { mean: 3, variance: 3.5 }
 */
export function moments(x: TensorLike, axes?: number | readonly number[] | null, keepDims = false): { mean: Tensor; variance: Tensor } {
  return withArgs("moments", (args) => {
    let t = args.tensor(x, "x");
    requireFloat(t, "moments", "x", true);
    const ax = normalizeAxes(axes, t.rank, "moments", t.shape);
    if (t.dtype === "int32") t = cast(t, "float32");
    const m = mean(t, ax, true);
    const variance = mean(square(sub(t, m)), ax, keepDims);
    return { mean: keepDims ? m : reshape(m, dropped(t.shape, ax, false)), variance };
  });
}

function logical(op: "any" | "all", x: TensorLike, axis: number | readonly number[] | undefined | null, keepDims: boolean): Tensor {
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x", "bool");
    if (t.dtype !== "bool") throw new DTypeError(`${op}: x must be bool, got ${t.dtype} ${fmt(t.shape)} (compare it, e.g. tt.notEqual(x, 0))`);
    const ax = normalizeAxes(axis, t.rank, op, t.shape);
    const n = cast(t, "int32");
    // an empty reduction gives max = −2³¹ (any: false) and min = 2³¹ − 1 (all: true)
    return greater(op === "any" ? max(n, ax, keepDims) : min(n, ax, keepDims), 0);
  });
}

/**
 * Logical OR over `axis` (default all axes) of a bool tensor; true where any element is (false over nothing).
 *
 *     tt.any([[true, false], [false, false]], 1);   // [true, false]
 */
export const any = (x: TensorLike, axis?: number | readonly number[] | null, keepDims = false): Tensor => logical("any", x, axis, keepDims);

/**
 * Logical AND over `axis` (default all axes) of a bool tensor; true where every element is (true over nothing).
 *
 *     tt.all([[true, false], [true, true]], 1);   // [false, true]
 */
export const all = (x: TensorLike, axis?: number | readonly number[] | null, keepDims = false): Tensor => logical("all", x, axis, keepDims);
