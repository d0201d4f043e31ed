// Reductions over any set of axes: sum max min prod, argMax argMin (not differentiable); mean, logSumExp (composites).
import { ArgumentError, ShapeError } from "../errors.js";
import { fmt, keptShape, normalizeAxes } from "../shape.js";
import { readList, show } from "../read.js";
import { record } from "../record.js";
import { detached, ptrOf, Tensor } from "../tensor.js";
import { reduceRows } from "../threads/reduce.js";
import { rt } from "../wasm.js";
import { abs, add, cast, div, exp, less, log, sub, where } from "./elementwise.js";
import { zerosLike } from "./creation.js";
import { reshape } from "./layout.js";
import { make, requireFloat, withArgs, type TensorLike } from "./run.js";
import { reduceOps, type ReduceOp } from "./table.js";

type Axis = number | readonly number[];

/** The shape of a reduction over `axes`. NOTE: no slice()/filter() of the frozen shape itself: on a frozen array they take V8's slow path (~0.2 µs each). */
const reducedShape = (shape: readonly number[], axes: number[], keepDims: boolean): number[] =>
  keepDims ? keptShape(shape, axes) : [...shape].filter((_, i) => !axes.includes(i));

/**
 * Reduce the sorted `axes` of `x`. Each run of adjacent reduced axes is one kernel pass over x viewed
 * as [outer, n, inner]; runs are reduced from the innermost out, each pass shrinking the shape.
 * float32 and int32 keep their dtype (int32 sums and products wrap, as TF's); sum also takes bool
 * (counted as int32, as tfjs).
 */
function reduce(op: ReduceOp, x: TensorLike, axis: Axis | undefined, keepDims: boolean): Tensor {
  return withArgs(op, (args) => {
    let t = args.tensor(x, "x");
    if (op === "sum" && t.dtype === "bool") t = cast(t, "int32");
    requireFloat(t, op, "x", true);
    const axes = normalizeAxes(axis, t.rank, op, t.shape);
    const outShape = reducedShape(t.shape, axes, keepDims);
    const kernel = rt().kernels[reduceOps[op][t.dtype === "float32" ? "f32" : "i32"]];
    // Runs of adjacent axes, innermost first.
    const runs: [number, number][] = [];
    for (const a of axes) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === a) last[1] = a + 1;
      else runs.push([a, a + 1]);
    }
    runs.reverse();
    let shape = [...t.shape];
    let src = t;
    let out: Tensor | null = null;
    if (runs.length === 0) runs.push([0, 0]); // no axes: one pass with n = 1 copies x
    for (let r = 0; r < runs.length; r++) {
      const [lo, hi] = runs[r];
      const prod = (s: number[]) => s.reduce((p, d) => p * d, 1);
      const outer = prod(shape.slice(0, lo)), n = prod(shape.slice(lo, hi)), inner = prod(shape.slice(hi));
      const last = r === runs.length - 1;
      const dst = make(last ? outShape : [outer * inner], t.dtype);
      if (outer * inner > 0) {
        try { reduceRows(kernel, ptrOf(src), ptrOf(dst), n, inner, outer); } catch (e) { dst.dispose(); throw e; } // fixed blocks: src/threads/reduce.ts
      }
      if (src !== t) src.dispose();
      src = dst;
      shape = [...shape.slice(0, lo), ...shape.slice(hi)];
      if (last) out = dst;
    }
    record(op, [t], [out!], { axes, keepDims });
    return out!;
  });
}

/** Sum over `axis` (a number, an array, negative allowed; default all axes), as tfjs's `sum(x, axis?, keepDims?)`. */
export const sum = (x: TensorLike, axis?: Axis, keepDims = false): Tensor => reduce("sum", x, axis, keepDims);

/** Maximum over `axis`; a tie splits the gradient evenly, as TensorFlow. */
export const max = (x: TensorLike, axis?: Axis, keepDims = false): Tensor => reduce("max", x, axis, keepDims);

/** Mean over `axis`: sum(x, axis) / count. int32 gives float32 (tfjs). */
export function mean(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return withArgs("mean", (args) => {
    let t = args.tensor(x, "x");
    requireFloat(t, "mean", "x", true);
    const axes = normalizeAxes(axis, t.rank, "mean", t.shape);
    if (t.dtype === "int32") t = cast(t, "float32");
    const count = axes.reduce((p, a) => p * t.shape[a], 1);
    const s = sum(t, axes, keepDims);
    const m = div(s, count);
    s.dispose();
    return m;
  });
}

/**
 * Minimum over `axis` (a number, an array, negative allowed; default all axes); float32 or int32. A tie splits
 * the gradient evenly, as TensorFlow (tfjs gives each tie all of it); NaN propagates.
 *
 *     tt.min([[3, 1], [2, 5]], 1);   // [1, 2]
 */
export const min = (x: TensorLike, axis?: Axis, keepDims = false): Tensor => reduce("min", x, axis, keepDims);

/**
 * Product over `axis` (default all axes); float32 or int32 (wrapping). Its gradient is the product of the
 * other elements, also where x has zeros.
 *
 *     tt.prod([[1, 2], [3, 4]], 0);  // [3, 8]
 */
export const prod = (x: TensorLike, axis?: Axis, keepDims = false): Tensor => reduce("prod", x, axis, keepDims);

/**
 * log Σ exp(x) over `axis` (default all axes), numerically stable: max + log Σ exp(x − max), with the max
 * held constant (its gradient cancels), so the gradient is exactly softmax(x). As TensorFlow's
 * reduce_logsumexp, an infinite max is not subtracted: all −Inf gives −Inf, any +Inf gives +Inf.
 *
 *     tt.logSumExp([0, Math.log(3)]);   // log 4
 */
export function logSumExp(x: TensorLike, axis?: Axis, keepDims = false): Tensor {
  return withArgs("logSumExp", (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, "logSumExp", "x");
    const axes = normalizeAxes(axis, t.rank, "logSumExp", t.shape);
    const outShape = reducedShape(t.shape, axes, keepDims);
    // intermediates are freed by withArgs's scope
    const raw = max(t, axes, true);
    const shifted = where(less(abs(raw), Infinity), raw, zerosLike(raw));
    const m = detached(shifted, "logSumExp"); // held constant: its gradient cancels
    const s = sum(exp(sub(t, m)), axes, keepDims);
    return add(log(s), keepDims ? m : reshape(m, outShape));
  });
}

/** argMax / argMin over one axis: the kernel's first best index (first NaN if any), as int32 (not a hot path: it slices shapes). */
function arg(op: "argMax" | "argMin", x: TensorLike, axis: number, keepDims: boolean): Tensor {
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, op, "x", true);
    if (typeof axis !== "number") throw new ArgumentError(`${op}: axis must be a number, got ${Array.isArray(axis) ? fmt(readList(axis, op, "axis")) : show(axis)}`);
    const [a] = normalizeAxes(axis, t.rank, op, t.shape);
    const n = t.shape[a];
    const outer = t.shape.slice(0, a).reduce((p, d) => p * d, 1), inner = t.shape.slice(a + 1).reduce((p, d) => p * d, 1);
    if (n === 0 && outer * inner > 0) throw new ShapeError(`${op}: axis ${axis} of shape ${fmt(t.shape)} is empty; there is no index to return`);
    const out = make(keepDims ? keptShape(t.shape, [a]) : t.shape.filter((_, i) => i !== a), "int32");
    const kernel = rt().kernels[`${op === "argMax" ? "argmax" : "argmin"}_${t.dtype === "float32" ? "f32" : "i32"}`];
    if (outer * inner > 0) kernel(ptrOf(t), ptrOf(out), n, inner, 0, outer);
    return out; // int32: not differentiable, nothing to record
  });
}

/**
 * Index of the largest element along `axis` (default 0, negative allowed), int32; the first one on ties (TF).
 * NaN counts as the largest, so the first NaN's index is returned (numpy, JAX; consistent with `max`, which
 * gives NaN; tfjs skips NaNs). `keepDims` (not in tfjs) keeps the axis with size 1.
 *
 *     tt.argMax([[1, 9, 9], [7, 2, 3]], 1);   // [1, 0]
 */
export const argMax = (x: TensorLike, axis = 0, keepDims = false): Tensor => arg("argMax", x, axis, keepDims);

/**
 * Index of the smallest element along `axis` (default 0), int32; the first one on ties, the first NaN if any.
 *
 *     tt.argMin([[1, 9, 9], [7, 2, 3]], 1);   // [0, 1]
 */
export const argMin = (x: TensorLike, axis = 0, keepDims = false): Tensor => arg("argMin", x, axis, keepDims);
