// Gradient clipping: TF's clip_by_global_norm and clip_by_norm, composites of public ops.
import { ArgumentError } from "../errors.js";
import { add, div, greater, maximum, mul, sqrt, square, where } from "../ops/elementwise.js";
import { scalar } from "../ops/creation.js";
import { sum } from "../ops/reduce.js";
import { requireFloat, withArgs, type TensorLike } from "../ops/run.js";
import { tidy } from "../scope.js";
import { normalizeAxes } from "../shape.js";
import { Tensor } from "../tensor.js";
import { flattenNullable, unflatten, type MapTree, requireLive } from "../tree.js";

function checkClip(c: unknown, op: string): number {
  if (typeof c !== "number" || !(c > 0) || c === Infinity) throw new ArgumentError(`${op}: clipNorm must be a positive finite number, got ${String(c)}`);
  return c;
}

/**
 * TF's `clip_by_global_norm`: with n = √(Σ ‖tᵢ‖²) over every leaf, each leaf times clipNorm / max(n, clipNorm).
 * Null leaves (missing gradients) stay null. Returns new tensors owned by the caller.
 *
 *     const { clipped, globalNorm } = tt.clipByGlobalNorm(grads, 1.0);
 */
export function clipByGlobalNorm<T>(tree: T, clipNorm: number): { clipped: MapTree<T, Tensor>; globalNorm: Tensor } {
  const op = "clipByGlobalNorm";
  const c = checkClip(clipNorm, op);
  const { leaves, treedef } = flattenNullable(tree, `${op}: tree`);
  for (const t of leaves) if (t !== null) { requireLive(t, op); requireFloat(t, op, "tree leaves"); }
  return tidy(() => {
    const present = leaves.filter((t): t is Tensor => t !== null);
    const norm = sqrt(present.reduce((s: Tensor, t) => add(s, sum(square(t))), scalar(0)));
    const scale = div(c, maximum(norm, c));
    const clipped = unflatten(treedef, leaves.map((t) => t === null ? null : mul(t, scale))) as MapTree<T, Tensor>;
    return { clipped, globalNorm: norm };
  });
}

/**
 * TF's `clip_by_norm`: x · clipNorm / max(‖x‖, clipNorm), the L2 norm over `axes` (all by default); a zero
 * norm passes x unchanged and with a finite gradient.
 */
export function clipByNorm(x: TensorLike, clipNorm: number, axes?: number | readonly number[]): Tensor {
  const op = "clipByNorm";
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, op, "x");
    const c = checkClip(clipNorm, op);
    const ax = normalizeAxes(axes, t.rank, op, t.shape); // read and checked before any kernel runs
    const l2sum = sum(square(t), ax, true);
    const pos = greater(l2sum, 0);
    // NOTE: sqrt only of a positive sum, so the gradient at a zero norm is finite (TF's where trick)
    const norm = where(pos, sqrt(where(pos, l2sum, 1)), l2sum);
    return div(mul(t, c), maximum(norm, c));
  });
}
