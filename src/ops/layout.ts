// Layout: reshape (shares the buffer), transpose and broadcastTo (strided copies).
import { ShapeError } from "../errors.js";
import { broadcastShapes, broadcastStrides, checkShape, fmt, sameShape, stridesOf } from "../shape.js";
import { record } from "../tape.js";
import { shareBuffer, sizeOf, Tensor, type Shape } from "../tensor.js";
import { rt } from "../wasm.js";
import { free, make, meta, toTensor, type TensorLike } from "./run.js";

/** The same values in a new shape (no copy); one dimension may be -1 and is inferred. */
export function reshape(x: TensorLike, shape: Shape): Tensor {
  const temps: Tensor[] = [];
  try {
    const t = toTensor(x, "reshape", "x", temps);
    if (!Array.isArray(shape)) throw new ShapeError(`reshape: shape must be an array, got ${String(shape)}`);
    const holes = shape.filter((d) => d === -1).length;
    if (holes > 1) throw new ShapeError(`reshape: at most one dimension of ${fmt(shape)} may be -1`);
    let s = shape.slice();
    if (holes === 1) {
      const known = checkShape(shape.filter((d) => d !== -1), "reshape");
      const rest = sizeOf(known);
      if (rest === 0 || t.size % rest !== 0) {
        throw new ShapeError(`reshape: cannot reshape ${fmt(t.shape)} (${t.size} elements) to ${fmt(shape)}`);
      }
      s = shape.map((d) => (d === -1 ? t.size / rest : d));
    }
    s = checkShape(s, "reshape");
    if (sizeOf(s) !== t.size) throw new ShapeError(`reshape: cannot reshape ${fmt(t.shape)} (${t.size} elements) to ${fmt(shape)} (${sizeOf(s)} elements)`);
    const out = shareBuffer(t.buf!, s, t.dtype);
    record("reshape", [t], [out], undefined);
    return out;
  } finally {
    free(temps);
  }
}

/** Strided copy of `t` into a new contiguous tensor of `shape`, reading `t` with `strides`. */
function copyStrided(t: Tensor, shape: Shape, strides: number[], op: string): Tensor {
  const n = sizeOf(shape);
  const m = n === 0 ? 0 : meta(op, shape, [strides]);
  const out = make(shape, t.dtype);
  if (n > 0) {
    const k = rt().kernels;
    (t.dtype === "bool" ? k.copy_8 : k.copy_32)(t.buf!.ptr, out.buf!.ptr, m, 0, n);
  }
  return out;
}

/** Permute the axes of `x` (default: reverse them), as tfjs's `transpose(x, perm?)`. */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  const temps: Tensor[] = [];
  try {
    const t = toTensor(x, "transpose", "x", temps);
    const r = t.rank;
    const p = perm === undefined ? Array.from({ length: r }, (_, i) => r - 1 - i) : Array.isArray(perm) ? perm.slice() : [];
    if (!Array.isArray(perm) && perm !== undefined || p.length !== r || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
      throw new ShapeError(`transpose: perm ${Array.isArray(perm) ? fmt(perm) : String(perm)} is not a permutation of the ${r} axes of x ${fmt(t.shape)}`);
    }
    const st = stridesOf(t.shape);
    const out = copyStrided(t, p.map((a) => t.shape[a]), p.map((a) => st[a]), "transpose");
    record("transpose", [t], [out], { perm: p });
    return out;
  } finally {
    free(temps);
  }
}

/** Repeat `x` along broadcast dimensions to `shape` (numpy rules). */
export function broadcastTo(x: TensorLike, shape: Shape): Tensor {
  const temps: Tensor[] = [];
  try {
    const t = toTensor(x, "broadcastTo", "x", temps);
    const s = checkShape(shape, "broadcastTo");
    const b = broadcastShapes(t.shape, s, "broadcastTo");
    if (!sameShape(b, s)) throw new ShapeError(`broadcastTo: x ${fmt(t.shape)} cannot be broadcast to ${fmt(s)}`);
    const out = copyStrided(t, s, broadcastStrides(t.shape, s), "broadcastTo");
    record("broadcastTo", [t], [out], undefined);
    return out;
  } finally {
    free(temps);
  }
}
