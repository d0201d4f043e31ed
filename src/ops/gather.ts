// Index ops: gather, its transpose unsortedSegmentSum (gather's gradient), oneHot.

// Indices are int32 and are checked on the host before any kernel runs (the kernels also never dereference
// an index out of range: gather writes a zero row, segment sum skips it, one-hot writes an all-off row).
import { readInt, show } from "../read.js";
import { ArgumentError, DTypeError, ShapeError } from "../errors.js";
import { checkShape, fmt } from "../shape.js";
import { record } from "../record.js";
import { ptrOf, sizeOf, Tensor, type DType, type Shape } from "../tensor.js";
import { i32, rt } from "../wasm.js";
import { make, requireFloat, withArgs, type TensorLike } from "./run.js";
import { checkDType } from "./values.js";

/** Position `k` of a row-major `shape` as "[i,j,…]". */
function position(k: number, shape: Shape): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) { idx.unshift(k % shape[d]); k = Math.floor(k / shape[d]); }
  return fmt(idx);
}

/** Throw unless every index lies in [0, n): read on the host, before any kernel runs. */
function checkRange(ids: Tensor, n: number, op: string, arg: string, where: string): void {
  const v = i32(ptrOf(ids), ids.size);
  for (let k = 0; k < v.length; k++) {
    if (v[k] < 0 || v[k] >= n) throw new ShapeError(`${op}: ${arg}${position(k, ids.shape)} = ${v[k]} is out of range [0, ${n}) ${where}`);
  }
}

/** An integer in [-(rank), rank) made non-negative, or a ShapeError. */
function axisIn(axis: unknown, rank: number, op: string, shape: Shape, arg = "axis"): number {
  if (typeof axis !== "number") throw new ArgumentError(`${op}: ${arg} must be an integer, got ${show(axis)}`);
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ShapeError(`${op}: ${arg} ${show(axis)} is out of range [${-rank}, ${rank}) for a tensor of shape ${fmt(shape)}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** batchDims made non-negative (negative counts from the rank of the indices). */
function batchIn(batchDims: unknown, ids: Tensor, op: string, arg: string): number {
  const r = ids.rank;
  if (typeof batchDims !== "number") throw new ArgumentError(`${op}: batchDims must be an integer, got ${show(batchDims)}`);
  if (!Number.isInteger(batchDims) || batchDims < -r || batchDims > r) {
    throw new ShapeError(`${op}: batchDims ${show(batchDims)} is out of range [${-r}, ${r}] for ${arg} ${fmt(ids.shape)}`);
  }
  return batchDims < 0 ? batchDims + r : batchDims;
}

/**
 * Rows of `x` along `axis` picked by int32 `indices` of any shape, as tfjs's `gather(x, indices, axis = 0,
 * batchDims = 0)`: the result has shape x.shape[:axis] ++ indices.shape[batchDims:] ++ x.shape[axis+1:].
 * With batchDims = b, the first b dimensions of x and indices are batch dimensions walked together.
 * An index outside [0, x.shape[axis]) is an error (TensorFlow's CPU behaviour). The gradient with respect
 * to x is `unsortedSegmentSum` (a scatter-add of dy into zeros).
 *
 *     tt.gather(tt.tensor([[1, 2], [3, 4], [5, 6]]), [2, 0]);       // [[5 6] [1 2]]
 *     tt.gather(tt.tensor([[1, 2], [3, 4]]), [[1], [0]], 1, 1);     // [[2] [3]]
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0, batchDims = 0): Tensor {
  return withArgs("gather", (args) => {
    const t = args.tensor(x, "x");
    const ids = args.indices(indices, "indices");
    if (t.rank === 0) throw new ShapeError("gather: x must have rank >= 1, got a scalar");
    const ax = axisIn(axis, t.rank, "gather", t.shape);
    const b = batchIn(batchDims, ids, "gather", "indices");
    if (b > ax) throw new ShapeError(`gather: batchDims ${b} must not exceed axis ${ax}`);
    for (let d = 0; d < b; d++) {
      if (t.shape[d] !== ids.shape[d]) {
        throw new ShapeError(`gather: batch dimension ${d} of x ${fmt(t.shape)} and indices ${fmt(ids.shape)} differ (${t.shape[d]} vs ${ids.shape[d]})`);
      }
    }
    const n = t.shape[ax];
    checkRange(ids, n, "gather", "indices", `for axis ${ax} of x ${fmt(t.shape)}`);
    const shape = checkShape([...t.shape.slice(0, ax), ...ids.shape.slice(b), ...t.shape.slice(ax + 1)], "gather", "result shape");
    const out = make(shape, t.dtype);
    const outer = sizeOf(t.shape.slice(0, ax)), inner = sizeOf(t.shape.slice(ax + 1)), m = sizeOf(ids.shape.slice(b));
    if (out.size > 0) {
      const k = rt().kernels;
      (t.dtype === "bool" ? k.gather_8 : k.gather_32)(ptrOf(t), ptrOf(ids), ptrOf(out), n, inner, m,
        Math.max(sizeOf(t.shape.slice(b, ax)), 1), 0, outer * m);
    }
    record("gather", [t, ids], [out], { axis: ax, batchDims: b });
    return out;
  });
}

/**
 * Sums of the rows of float32 `x` grouped by int32 `segmentIds`, as tfjs's `unsortedSegmentSum(x,
 * segmentIds, numSegments)`: out[i] = Σ_{j : segmentIds[j] = i} x[j], of shape [numSegments] ++
 * x.shape[segmentIds.rank:] (segmentIds' shape is a prefix of x's, as in TensorFlow). Segments with no
 * rows are 0. Each id must lie in [0, numSegments) (TensorFlow drops negative ids; here they are an error).
 *
 * tensortape extension, the exact transpose of `gather(·, segmentIds, axis, batchDims)` (its gradient):
 * with `axis` the segments are along that axis of the result, where segmentIds' dimensions after the first
 * `batchDims` sit in x, and the first `batchDims` dimensions are batch dimensions shared with x.
 *
 *     tt.unsortedSegmentSum(tt.tensor([1, 2, 3, 4]), [0, 1, 0, 1], 2);   // [4 6]
 */
export function unsortedSegmentSum(x: TensorLike, segmentIds: TensorLike, numSegments: number, axis = 0, batchDims = 0): Tensor {
  const op = "unsortedSegmentSum";
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, op, "x");
    const ids = args.indices(segmentIds, "segmentIds");
    numSegments = readInt(numSegments, op, "numSegments"); // the wrong kind: ArgumentError; a bad value: ShapeError
    const b = batchIn(batchDims, ids, op, "segmentIds");
    const spanned = ids.shape.slice(b);
    // the result has x's dimensions with the `spanned` ones replaced by one of size numSegments
    const outRank = t.rank - spanned.length + 1;
    if (outRank < 1) throw new ShapeError(`${op}: segmentIds ${fmt(ids.shape)} has more dimensions than x ${fmt(t.shape)}`);
    const ax = axisIn(axis, outRank, op, t.shape);
    if (b > ax) throw new ShapeError(`${op}: batchDims ${b} must not exceed axis ${ax}`);
    const matches = ids.shape.slice(0, b).every((d, i) => t.shape[i] === d) &&
      spanned.every((d, i) => t.shape[ax + i] === d) && ax + spanned.length <= t.rank;
    if (!matches) {
      throw new ShapeError(`${op}: segmentIds ${fmt(ids.shape)} do not match x ${fmt(t.shape)} (batch dimensions ${b}, axis ${ax})`);
    }
    checkRange(ids, numSegments, op, "segmentIds", `(numSegments ${numSegments})`);
    const rest = t.shape.slice(ax + spanned.length);
    const shape = checkShape([...t.shape.slice(0, ax), numSegments, ...rest], op, "result shape");
    const out = make(shape, "float32");
    const outer = sizeOf(t.shape.slice(0, ax)), inner = sizeOf(rest);
    if (out.size > 0) {
      rt().kernels.segment_sum_f32(ptrOf(t), ptrOf(ids), ptrOf(out), numSegments, inner, sizeOf(spanned),
        Math.max(sizeOf(t.shape.slice(b, ax)), 1), 0, outer);
    }
    record(op, [t, ids], [out], { axis: ax, batchDims: b });
    return out;
  });
}

/**
 * One-hot rows: for int32 `indices` of any shape, a tensor of shape indices.shape ++ [depth] holding
 * `onValue` where the last index equals the index and `offValue` elsewhere. An index outside [0, depth)
 * gives a row of all `offValue` (TensorFlow). dtype "float32" (default, as TensorFlow's tf.one_hot;
 * tfjs 4 defaults to int32) or "int32". Not differentiable.
 *
 *     tt.oneHot(tt.tensor([0, 2], [2], "int32"), 3);   // [[1. 0. 0.] [0. 0. 1.]]
 */
export function oneHot(indices: TensorLike, depth: number, onValue = 1, offValue = 0, dtype: DType = "float32"): Tensor {
  return withArgs("oneHot", (args) => {
    const ids = args.indices(indices, "indices");
    depth = readInt(depth, "oneHot", "depth");
    const dt = checkDType(dtype, "oneHot");
    if (dt === "bool") throw new DTypeError('oneHot: dtype must be "float32" or "int32", got "bool"');
    for (const [k, v] of [["onValue", onValue], ["offValue", offValue]] as const) {
      if (typeof v !== "number" || (dt === "int32" && !(Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31))) {
        throw new ArgumentError(`oneHot: ${k} must be ${dt === "int32" ? "an int32 integer" : "a number"}, got ${show(v)}`);
      }
    }
    const out = make(checkShape([...ids.shape, depth], "oneHot", "result shape"), dt);
    if (out.size > 0) {
      const bits = (v: number) => (dt === "int32" ? v | 0 : new Int32Array(Float32Array.of(v).buffer)[0]);
      rt().kernels.one_hot_32(ptrOf(ids), ptrOf(out), depth, bits(onValue), bits(offValue), 0, ids.size);
    }
    return out;
  });
}
