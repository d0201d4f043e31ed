// Reductions over any set of axes: sum, max (kernels), mean (composite).
import { keptShape, normalizeAxes } from "../shape.js";
import { record } from "../tape.js";
import { Tensor } from "../tensor.js";
import { rt } from "../wasm.js";
import { div } from "./elementwise.js";
import { free, make, requireFloat, toTensor, type TensorLike } from "./run.js";

type ReduceOp = "sum" | "max";

/**
 * Reduce the sorted `axes` of `x`. Each run of adjacent reduced axes is one kernel pass over x viewed
 * as [outer, n, inner]; runs are reduced from the innermost out, each pass shrinking the shape.
 */
function reduce(op: ReduceOp, x: TensorLike, axis: number | readonly number[] | undefined, keepDims: boolean): Tensor {
  const temps: Tensor[] = [];
  try {
    const t = toTensor(x, op, "x", temps);
    requireFloat(t, op, "x");
    const axes = normalizeAxes(axis, t.rank, op, t.shape);
    const outShape = keepDims ? keptShape(t.shape, axes) : t.shape.filter((_, i) => !axes.includes(i));
    const kernel = op === "sum" ? rt().kernels.sum_f32 : rt().kernels.max_f32;
    // Runs of adjacent axes, innermost first.
    const runs: [number, number][] = [];
    for (const a of axes) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last[1] === a) last[1] = a + 1;
      else runs.push([a, a + 1]);
    }
    runs.reverse();
    let shape = t.shape.slice();
    let src = t;
    let out: Tensor | null = null;
    if (runs.length === 0) runs.push([0, 0]); // no axes: one pass with n = 1 copies x
    for (let r = 0; r < runs.length; r++) {
      const [lo, hi] = runs[r];
      const prod = (s: number[]) => s.reduce((p, d) => p * d, 1);
      const outer = prod(shape.slice(0, lo)), n = prod(shape.slice(lo, hi)), inner = prod(shape.slice(hi));
      const last = r === runs.length - 1;
      const dst = make(last ? outShape : [outer * inner], "float32");
      if (outer * inner > 0) kernel(src.buf!.ptr, dst.buf!.ptr, n, inner, 0, outer);
      if (src !== t) src.dispose();
      src = dst;
      shape = [...shape.slice(0, lo), ...shape.slice(hi)];
      if (last) out = dst;
    }
    record(op, [t], [out!], { axes, keepDims });
    return out!;
  } finally {
    free(temps);
  }
}

/** Sum over `axis` (a number, an array, negative allowed; default all axes), as tfjs's `sum(x, axis?, keepDims?)`. */
export const sum = (x: TensorLike, axis?: number | readonly number[], keepDims = false): Tensor => reduce("sum", x, axis, keepDims);

/** Maximum over `axis`; a tie splits the gradient evenly, as TensorFlow. */
export const max = (x: TensorLike, axis?: number | readonly number[], keepDims = false): Tensor => reduce("max", x, axis, keepDims);

/** Mean over `axis`: sum(x, axis) / count. */
export function mean(x: TensorLike, axis?: number | readonly number[], keepDims = false): Tensor {
  const temps: Tensor[] = [];
  try {
    const t = toTensor(x, "mean", "x", temps);
    requireFloat(t, "mean", "x");
    const axes = normalizeAxes(axis, t.rank, "mean", t.shape);
    const count = axes.reduce((p, a) => p * t.shape[a], 1);
    const s = sum(t, axes, keepDims);
    const m = div(s, count);
    s.dispose();
    return m;
  } finally {
    free(temps);
  }
}

