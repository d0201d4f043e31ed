// Selection: argsort, sort, topk (a stable argsort kernel; values are gathered, so gradients scatter back).
import { allocBuffer, release } from "../buffer.js";
import { ShapeError } from "../errors.js";
import { readBool, readInt } from "../read.js";
import { fmt, oneAxis } from "../shape.js";
import { ptrOf, type Tensor } from "../tensor.js";
import { rt } from "../wasm.js";
import { gather } from "./gather.js";
import { slice, transpose } from "./layout.js";
import { make, requireFloat, withArgs, type TensorLike } from "./run.js";


/** x with `axis` moved last (a copy unless it is last already), the stable order of its rows, and the permutation. */
function order(t: Tensor, a: number, descending: boolean): { moved: Tensor; idx: Tensor; perm: number[] | null } {
  const r = t.rank;
  const perm = a === r - 1 ? null : [...Array.from({ length: r }, (_, i) => i).filter((i) => i !== a), a];
  const moved = perm === null ? t : transpose(t, perm);
  const n = moved.shape[r - 1], rows = n === 0 ? 0 : moved.size / n;
  const idx = make(moved.shape, "int32");
  if (rows > 0) {
    const work = allocBuffer(n * 4);
    try {
      rt().kernels[t.dtype === "float32" ? "argsort_f32" : "argsort_i32"](ptrOf(moved), ptrOf(idx), work.ptr, n, descending ? 1 : 0, 0, rows);
    } finally {
      release(work);
    }
  }
  return { moved, idx, perm };
}
const back = (y: Tensor, perm: number[] | null) => (perm === null ? y : transpose(y, perm.map((_, i) => perm.indexOf(i))));

/**
 * The indices that sort `x` along `axis` (default -1), int32: stable in both directions (equal elements keep their
 * order), NaN last in both (numpy's ascending rule). float32 or int32; not differentiable.
 *
 *     tt.argsort([3, 1, 2]);              // [1, 2, 0]
 *     tt.argsort([3, 1, 3], -1, true);    // [0, 2, 1]
 */
export function argsort(x: TensorLike, axis = -1, descending = false): Tensor {
  return withArgs("argsort", (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, "argsort", "x", true);
    const { idx, perm } = order(t, oneAxis(axis, t.rank, "argsort", t.shape), readBool(descending, "argsort", "descending", false));
    return back(idx, perm);
  });
}

/**
 * `x` sorted along `axis` (default -1), ascending unless `descending`; stable, NaN last (numpy). Differentiable:
 * the values are gathered from x, so the gradient goes back to each element's place.
 *
 *     tt.sort([3, NaN, 1]);   // [1, 3, NaN]
 */
export function sort(x: TensorLike, axis = -1, descending = false): Tensor {
  return withArgs("sort", (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, "sort", "x", true);
    const { moved, idx, perm } = order(t, oneAxis(axis, t.rank, "sort", t.shape), readBool(descending, "sort", "descending", false));
    const r = t.rank;
    return back(gather(moved, idx, r - 1, r - 1), perm);
  });
}

/**
 * The `k` largest entries of the last axis and their indices (int32), as tfjs: `{ values, indices }`, largest first;
 * equal values in index order (TF), NaN never before a number. `sorted = false` is accepted and also returns them
 * sorted (TF leaves the order unspecified). The gradient scatters dy to the indices.
 *
 *     tt.topk([1, 5, 3, 5], 2);   // { values: [5, 5], indices: [1, 3] }
 */
export function topk(x: TensorLike, k = 1, sorted = true): { values: Tensor; indices: Tensor } {
  return withArgs("topk", (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, "topk", "x", true);
    if (t.rank === 0) throw new ShapeError(`topk: x must have rank >= 1, got a scalar ${fmt(t.shape)}`);
    const n = t.shape[t.rank - 1];
    const kk = readInt(k, "topk", "k", 0, n, `an integer (at most the last dimension of x ${fmt(t.shape)})`);
    readBool(sorted, "topk", "sorted", true);
    const r = t.rank;
    const { idx } = order(t, r - 1, true);
    const indices = slice(idx, t.shape.map(() => 0), [...t.shape.slice(0, -1), kk]);
    return { values: gather(t, indices, r - 1, r - 1), indices };
  });
}
