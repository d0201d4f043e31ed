// N-dimensional indexing: gatherND, scatterND, tensorScatterUpdate, tensorScatterAdd (composites of gather and
// unsortedSegmentSum over x viewed as [rows, …]; every index is checked on the host before any kernel runs).
import { ShapeError } from "../errors.js";
import { readShape } from "../read.js";
import { fmt, sameShape } from "../shape.js";
import { ptrOf, sizeOf, type Tensor, type Shape } from "../tensor.js";
import { i32 } from "../wasm.js";
import { tensor as fromArray } from "./creation.js";
import { add, where } from "./elementwise.js";
import { gather, unsortedSegmentSum } from "./gather.js";
import { reshape } from "./layout.js";
import { requireFloat, withArgs, type TensorLike } from "./run.js";

/**
 * The flat row of each index tuple (the last axis of `ids` indexes the first K dimensions of `shape`), range-checked:
 * row = Σ_k ids[…, k]·Π_{j>k, j<K} shape[j]. Returns the rows as an int32 tensor of shape ids.shape[:-1], and K.
 */
function rowsOf(ids: Tensor, shape: Shape, op: string, what: string): { flat: Tensor; k: number; rows: number } {
  if (ids.rank < 1) throw new ShapeError(`${op}: indices must have rank >= 1 (the last axis holds index tuples), got a scalar`);
  const k = ids.shape[ids.rank - 1];
  if (k > shape.length) throw new ShapeError(`${op}: index tuples of length ${k} (indices ${fmt(ids.shape)}) exceed the rank of ${what} ${fmt(shape)}`);
  const n = k === 0 ? sizeOf(ids.shape.slice(0, -1)) : ids.size / k;
  const v = i32(ptrOf(ids), ids.size), flat = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let row = 0;
    for (let j = 0; j < k; j++) {
      const i = v[r * k + j], d = shape[j];
      if (i < 0 || i >= d) {
        const at = [j];
        for (let d = ids.rank - 2, q = r; d >= 0; d--) { at.unshift(q % ids.shape[d]); q = Math.floor(q / ids.shape[d]); }
        throw new ShapeError(`${op}: indices${fmt(at)} = ${i} is out of range [0, ${d}) for dimension ${j} of ${what} ${fmt(shape)}`);
      }
      row = row * d + i;
    }
    flat[r] = row;
  }
  return { flat: fromArray(flat, ids.shape.slice(0, -1), "int32"), k, rows: sizeOf(shape.slice(0, k)) };
}

/**
 * Slices of `x` picked by index tuples, as tfjs's `gatherND`: indices [..., K] int32, the result
 * indices.shape[:-1] ++ x.shape[K:]. Any dtype; out of range is a ShapeError; the gradient scatters back (summing repeats).
 *
 *     tt.gatherND([[1, 2], [3, 4]], [[1, 0], [0, 1]]);   // [3, 2]
 */
export function gatherND(x: TensorLike, indices: TensorLike): Tensor {
  return withArgs("gatherND", (args) => {
    const t = args.tensor(x, "x");
    const ids = args.indices(indices, "indices");
    const { flat, k, rows } = rowsOf(ids, t.shape, "gatherND", "x");
    return gather(reshape(t, [rows, ...t.shape.slice(k)]), flat, 0);
  });
}

/** updates checked against indices and the target shape; viewed as [N, …rest] with flat rows [N]. */
function scatterParts(op: string, ids: Tensor, u: Tensor, shape: Shape) {
  requireFloat(u, op, "updates");
  const { flat, k, rows } = rowsOf(ids, shape, op, "shape");
  const want = [...ids.shape.slice(0, -1), ...shape.slice(k)];
  if (!sameShape(u.shape, want)) throw new ShapeError(`${op}: updates ${fmt(u.shape)} must have shape indices.shape[:-1] ++ shape[${k}:] = ${fmt(want)} (indices ${fmt(ids.shape)}, shape ${fmt(shape)})`);
  const rest = shape.slice(k);
  return { flat: reshape(flat, [flat.size]), upd: reshape(u, [flat.size, ...rest]), rows, rest };
}

/**
 * A float32 tensor of `shape`, zero but for `updates` added at the index tuples, as tfjs's `scatterND(indices,
 * updates, shape)`: repeated indices sum. updates: indices.shape[:-1] ++ shape[K:].
 *
 *     tt.scatterND([[1], [3]], [9, 10], [5]);   // [0, 9, 0, 10, 0]
 */
export function scatterND(indices: TensorLike, updates: TensorLike, shape: Shape): Tensor {
  return withArgs("scatterND", (args) => {
    const ids = args.indices(indices, "indices");
    const u = args.tensor(updates, "updates");
    const s = readShape(shape, "scatterND");
    const { flat, upd, rows } = scatterParts("scatterND", ids, u, s);
    return reshape(unsortedSegmentSum(upd, flat, rows), s);
  });
}

/**
 * `tensor` plus `updates` scattered at the index tuples (repeats sum), as tfjs's `tensorScatterAdd`; float32.
 *
 *     tt.tensorScatterAdd([1, 1, 1], [[0], [0]], [5, 6]);   // [12, 1, 1]
 */
export function tensorScatterAdd(tensor: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  return withArgs("tensorScatterAdd", (args) => {
    const t = args.tensor(tensor, "tensor");
    requireFloat(t, "tensorScatterAdd", "tensor");
    const ids = args.indices(indices, "indices");
    const { flat, upd, rows } = scatterParts("tensorScatterAdd", ids, args.tensor(updates, "updates"), t.shape);
    return add(t, reshape(unsortedSegmentSum(upd, flat, rows), t.shape));
  });
}

/**
 * `tensor` with the slices at the index tuples replaced by `updates`, as tfjs's `tensorScatterUpdate`; float32. Of
 * repeated indices the last one wins (deterministically; TF leaves it unspecified). Gradients: dy outside the
 * updated slices for tensor, dy at them for the updates that were written (0 for overwritten repeats).
 *
 *     tt.tensorScatterUpdate([1, 2, 3], [[2], [0]], [7, 8]);   // [8, 2, 7]
 */
export function tensorScatterUpdate(tensor: TensorLike, indices: TensorLike, updates: TensorLike): Tensor {
  return withArgs("tensorScatterUpdate", (args) => {
    const t = args.tensor(tensor, "tensor");
    requireFloat(t, "tensorScatterUpdate", "tensor");
    const ids = args.indices(indices, "indices");
    const { flat, upd, rows, rest } = scatterParts("tensorScatterUpdate", ids, args.tensor(updates, "updates"), t.shape);
    // keep each row's last update only, so a scatter-add writes it alone
    const f = i32(ptrOf(flat), flat.size), seen = new Uint8Array(rows), keep: number[] = [];
    for (let j = f.length - 1; j >= 0; j--) if (!seen[f[j]]) { seen[f[j]] = 1; keep.unshift(j); }
    const picked = gather(upd, keep, 0);
    const targets = fromArray(Int32Array.from(keep, (j) => f[j]), [keep.length], "int32");
    const written = unsortedSegmentSum(picked, targets, rows);
    const mask = fromArray(seen, [rows, ...rest.map(() => 1)], "bool");
    return reshape(where(mask, written, reshape(t, [rows, ...rest])), t.shape);
  });
}
