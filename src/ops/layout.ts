// Layout: reshape/expandDims/squeeze (no copy), transpose/broadcastTo/slice/pad/concat (strided copies), stack/split/tile.
import { ArgumentError, DTypeError, ShapeError } from "../errors.js";
import { INT_LIMIT, MAX_LIST, readInt, readInts, readList, show } from "../read.js";
import { broadcastShapes, broadcastStrides, checkShape, fmt, normalizeAxes, oneAxis, sameShape, stridesOf } from "../shape.js";
import { record } from "../record.js";
import { ptrOf, shareBuffer, sizeOf, Tensor, type Shape } from "../tensor.js";
import { rt } from "../wasm.js";
import { filled, inBounds, make, meta, withArgs, type TensorLike } from "./run.js";

/** The same values in a new shape (no copy); one dimension may be -1 and is inferred. */
export function reshape(x: TensorLike, shape: Shape): Tensor {
  return withArgs("reshape", (args) => {
    const t = args.tensor(x, "x");
    if (!Array.isArray(shape)) throw new ArgumentError(`reshape: shape must be an array, got ${show(shape)}`);
    shape = readList(shape, "reshape", "shape") as number[]; // read once; validated below
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
    const out = shareBuffer(t.live("reshape"), s, t.dtype);
    record("reshape", [t], [out], undefined);
    return out;
  });
}

/** Strided copy of `t` into a new contiguous tensor of `shape`, reading `t` with `strides`. */
function copyStrided(t: Tensor, shape: Shape, strides: number[], op: string): Tensor {
  inBounds(op, t, 0, shape, strides);
  const n = sizeOf(shape);
  const m = n === 0 ? 0 : meta(op, shape, [strides]);
  const out = make(shape, t.dtype);
  if (n > 0) {
    const k = rt().kernels;
    (t.dtype === "bool" ? k.copy_8 : k.copy_32)(ptrOf(t), ptrOf(out), m, 0, n);
  }
  return out;
}

/** Permute the axes of `x` (default: reverse them), as tfjs's `transpose(x, perm?)`. */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  return withArgs("transpose", (args) => {
    const t = args.tensor(x, "x");
    const r = t.rank;
    const p = perm === undefined ? Array.from({ length: r }, (_, i) => r - 1 - i) : Array.isArray(perm) ? readList(perm, "transpose", "perm") as number[] : [];
    if (!Array.isArray(perm) && perm !== undefined || p.length !== r || p.some((v) => typeof v !== "number") ||
      [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
      throw new ShapeError(`transpose: perm ${Array.isArray(perm) ? `[${p.map(show).join(",")}]` : show(perm)} is not a permutation of the ${r} axes of x ${fmt(t.shape)}`);
    }
    const st = stridesOf(t.shape);
    const out = copyStrided(t, p.map((a) => t.shape[a]), p.map((a) => st[a]), "transpose");
    record("transpose", [t], [out], { perm: p });
    return out;
  });
}

/** Repeat `x` along broadcast dimensions to `shape` (numpy rules). */
export function broadcastTo(x: TensorLike, shape: Shape): Tensor {
  return withArgs("broadcastTo", (args) => {
    const t = args.tensor(x, "x");
    const s = checkShape(shape, "broadcastTo");
    const b = broadcastShapes(t.shape, s, "broadcastTo");
    if (!sameShape(b, s)) throw new ShapeError(`broadcastTo: x ${fmt(t.shape)} cannot be broadcast to ${fmt(s)}`);
    const out = copyStrided(t, s, broadcastStrides(t.shape, s), "broadcastTo");
    record("broadcastTo", [t], [out], undefined);
    return out;
  });
}

/** Write contiguous `src` into the region of `out` starting at element `offset`, walked with `strides`. */
function scatterInto(src: Tensor, out: Tensor, offset: number, strides: number[], op: string): void {
  if (src.size === 0) return;
  inBounds(op, out, offset, src.shape, strides);
  const m = meta(op, src.shape, [strides]);
  const k = rt().kernels, bytes = out.dtype === "bool" ? 1 : 4;
  (out.dtype === "bool" ? k.scatter_8 : k.scatter_32)(ptrOf(src), ptrOf(out) + offset * bytes, m, 0, src.size);
}

/** A copy of a per-axis list of integers in [lo, 2³¹) (read once). */
function perAxis(v: unknown, rank: number, op: string, arg: string, lo: number): number[] {
  if (typeof v !== "number" && !Array.isArray(v)) throw new ArgumentError(`${op}: ${arg} must be an integer or ${rank} integers (one per axis), got ${show(v)}`);
  const list = typeof v === "number" ? [readInt(v, op, arg, lo)] : readInts(v, op, arg, lo, INT_LIMIT);
  if (list.length !== rank) throw new ShapeError(`${op}: ${arg} must be an integer or ${rank} integers (one per axis), got [${list.join(",")}]`);
  return list;
}

/**
 * The block of `x` starting at `begin` with `size` elements per axis (-1: to the end), as tfjs's
 * `slice(x, begin, size?)`. A number for `begin`/`size` applies to the first axis.
 */
export function slice(x: TensorLike, begin: number | readonly number[], size?: number | readonly number[]): Tensor {
  return withArgs("slice", (args) => {
    const t = args.tensor(x, "x");
    const r = t.rank;
    // a number applies to the first axis, so a scalar takes only [] (one number per axis)
    // begin entries are integers in [0, 2³¹), size entries in [-1, 2³¹) (-1: to the end); NaN, fractions… are ShapeErrors
    const first = (v: unknown, rest: number, arg: string, lo: number) => {
      if (typeof v !== "number") return perAxis(v, r, "slice", arg, lo);
      if (r === 0) throw new ShapeError(`slice: x is a scalar, so ${arg} must be [] (no axes), got ${v}`);
      return [readInt(v, "slice", arg, lo), ...new Array<number>(r - 1).fill(rest)];
    };
    const b = first(begin, 0, "begin", 0);
    const sz = size === undefined ? new Array<number>(r).fill(-1) : first(size, -1, "size", -1);
    const shape = sz.map((n, d) => (n === -1 ? t.shape[d] - b[d] : n));
    shape.forEach((n, d) => {
      if (b[d] < 0 || n < 0 || b[d] + n > t.shape[d]) {
        throw new ShapeError(`slice: begin ${fmt(b)} and size ${fmt(sz)} are out of bounds for x ${fmt(t.shape)} (axis ${d})`);
      }
    });
    const st = stridesOf(t.shape);
    const offset = b.reduce((o, v, d) => o + v * st[d], 0);
    const n = shape.reduce((p, d) => p * d, 1);
    inBounds("slice", t, offset, shape, st);
    const m = n === 0 ? 0 : meta("slice", shape, [st]);
    const out = make(shape, t.dtype);
    if (n > 0) {
      const k = rt().kernels, bytes = t.dtype === "bool" ? 1 : 4;
      (t.dtype === "bool" ? k.copy_8 : k.copy_32)(ptrOf(t) + offset * bytes, ptrOf(out), m, 0, n);
    }
    record("slice", [t], [out], { begin: b });
    return out;
  });
}

/** Pad with `constantValue` (default 0): `paddings[d] = [before, after]` elements on axis d, as tfjs's `pad`. */
export function pad(x: TensorLike, paddings: readonly (readonly [number, number])[], constantValue = 0): Tensor {
  return withArgs("pad", (args) => {
    const t = args.tensor(x, "x");
    const value: unknown = constantValue;
    if (typeof value !== "number" && typeof value !== "boolean") throw new ArgumentError(`pad: constantValue must be a number, got ${show(value)}`);
    // read once: a copy of the pairs, each entry an integer in [0, 2³¹)
    const bad = () => new ShapeError(`pad: paddings must be ${t.rank} pairs [before, after] of non-negative integers for x ${fmt(t.shape)}`);
    if (!Array.isArray(paddings)) throw new ArgumentError(`pad: paddings must be an array of ${t.rank} pairs [before, after], got ${show(paddings)}`);
    const outer = readList(paddings, "pad", "paddings");
    if (outer.length !== t.rank) throw bad();
    paddings = outer.map((p, d) => {
      if (!Array.isArray(p)) throw bad();
      const q = readInts(p, "pad", `paddings[${d}]`, 0, INT_LIMIT, () => bad().message);
      if (q.length !== 2) throw bad();
      return [q[0], q[1]] as const;
    });
    const shape = t.shape.map((d, i) => d + paddings[i][0] + paddings[i][1]);
    const out = filled(shape, value, t.dtype);
    const st = stridesOf(shape);
    scatterInto(t, out, paddings.reduce((o, p, d) => o + p[0] * st[d], 0), st, "pad");
    record("pad", [t], [out], { before: paddings.map((p) => p[0]) });
    return out;
  });
}

/** Join tensors along an existing `axis` (default 0); all other dimensions must agree. */
export function concat(tensors: readonly TensorLike[], axis = 0): Tensor {
  return withArgs("concat", (args) => {
    const list = Array.isArray(tensors) ? readList(tensors, "concat", "tensors") : [];
    if (list.length === 0) throw new ArgumentError("concat: expected a non-empty array of tensors");
    const ts = list.map((x, i) => args.tensor(x, `tensors[${i}]`));
    const first = ts[0];
    const ax = oneAxis(axis, Math.max(first.rank, 1), "concat", first.shape);
    if (first.rank === 0) throw new ShapeError("concat: scalars cannot be concatenated (use stack)");
    ts.forEach((t, i) => {
      if (t.dtype !== first.dtype) throw new DTypeError(`concat: tensors[${i}] is ${t.dtype}, tensors[0] is ${first.dtype}`);
      if (t.rank !== first.rank || t.shape.some((d, k) => k !== ax && d !== first.shape[k])) {
        throw new ShapeError(`concat: tensors[${i}] ${fmt(t.shape)} does not match tensors[0] ${fmt(first.shape)} outside axis ${ax}`);
      }
    });
    const shape = first.shape.slice();
    shape[ax] = ts.reduce((n, t) => n + t.shape[ax], 0);
    const out = make(shape, first.dtype);
    const st = stridesOf(shape);
    const offsets: number[] = [];
    let off = 0;
    for (const t of ts) {
      offsets.push(off);
      scatterInto(t, out, off * st[ax], st, "concat");
      off += t.shape[ax];
    }
    record("concat", ts, [out], { axis: ax, offsets });
    return out;
  });
}

/** Join tensors of one shape along a new `axis` (default 0). */
export function stack(tensors: readonly TensorLike[], axis = 0): Tensor {
  return withArgs("stack", (args) => {
    const list = Array.isArray(tensors) ? readList(tensors, "stack", "tensors") : [];
    if (list.length === 0) throw new ArgumentError("stack: expected a non-empty array of tensors");
    const ts = list.map((x, i) => args.tensor(x, `tensors[${i}]`));
    const s = ts[0].shape;
    ts.forEach((t, i) => { if (!sameShape(t.shape, s)) throw new ShapeError(`stack: tensors[${i}] ${fmt(t.shape)} does not match tensors[0] ${fmt(s)}`); });
    const ax = oneAxis(axis, s.length + 1, "stack", s);
    return concat(ts.map((t) => reshape(t, [...s.slice(0, ax), 1, ...s.slice(ax)])), ax); // the scope frees the reshapes
  });
}

/**
 * Insert a dimension of size 1 at `axis` (default 0; negative counts from the end of the result), as
 * tfjs's `expandDims`. No copy: a reshape.
 *
 *     tt.expandDims(tt.zeros([2, 3]), -1).shape;   // [2, 3, 1]
 */
export function expandDims(x: TensorLike, axis = 0): Tensor {
  return withArgs("expandDims", (args) => {
    const t = args.tensor(x, "x");
    const r = t.rank;
    if (typeof axis !== "number") throw new ArgumentError(`expandDims: axis must be an integer, got ${show(axis)}`);
    if (!Number.isInteger(axis) || axis < -(r + 1) || axis > r) {
      throw new ShapeError(`expandDims: axis ${show(axis)} is out of range [${-(r + 1)}, ${r}] for x ${fmt(t.shape)}`);
    }
    const a = axis < 0 ? axis + r + 1 : axis;
    return reshape(t, [...t.shape.slice(0, a), 1, ...t.shape.slice(a)]);
  });
}

/**
 * Remove dimensions of size 1: those in `axis` (a number or an array, negative allowed; each must have
 * size 1), or every one when `axis` is omitted or empty, as tfjs's `squeeze`.
 *
 *     tt.squeeze(tt.zeros([1, 3, 1]));        // shape [3]
 *     tt.squeeze(tt.zeros([1, 3, 1]), [-1]);  // shape [1, 3]
 */
export function squeeze(x: TensorLike, axis?: number | readonly number[]): Tensor {
  return withArgs("squeeze", (args) => {
    const t = args.tensor(x, "x");
    if (Array.isArray(axis)) axis = readList(axis, "squeeze", "axis") as number[]; // read once
    const all = axis === undefined || (Array.isArray(axis) && axis.length === 0);
    const axes = all ? t.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes(axis, t.rank, "squeeze", t.shape);
    for (const a of axes) {
      if (t.shape[a] !== 1) throw new ShapeError(`squeeze: cannot squeeze axis ${a} of x ${fmt(t.shape)}: its size is ${t.shape[a]}, not 1`);
    }
    return reshape(t, t.shape.filter((_, i) => !axes.includes(i)));
  });
}

/**
 * Split `x` along `axis` (default 0) into `numOrSizeSplits` equal pieces, or into pieces of the given
 * sizes (one may be -1: the rest), as tfjs's `split`. Each piece is a slice (so gradients flow back).
 *
 *     const [a, b] = tt.split(tt.range(0, 6), [2, -1]);   // [0 1] and [2 3 4 5]
 */
export function split(x: TensorLike, numOrSizeSplits: number | readonly number[], axis = 0): Tensor[] {
  return withArgs("split", (args) => {
    const t = args.tensor(x, "x");
    if (t.rank === 0) throw new ShapeError("split: x must have rank >= 1, got a scalar");
    const ax = oneAxis(axis, t.rank, "split", t.shape);
    const dim = t.shape[ax];
    let sizes: number[];
    if (typeof numOrSizeSplits === "number") {
      const k = numOrSizeSplits;
      // a count beyond the axis (or MAX_LIST for an empty axis) would only build a huge array of empty pieces
      if (!Number.isInteger(k) || k < 1 || k > Math.max(dim, MAX_LIST) || dim % k !== 0) {
        throw new ShapeError(`split: ${k} splits must be a positive integer that divides axis ${ax} of x ${fmt(t.shape)} (size ${dim})`);
      }
      sizes = new Array<number>(k).fill(dim / k);
    } else {
      if (!Array.isArray(numOrSizeSplits)) throw new ArgumentError(`split: numOrSizeSplits must be a number or an array of sizes, got ${show(numOrSizeSplits)}`);
      if (Array.isArray(numOrSizeSplits)) numOrSizeSplits = readList(numOrSizeSplits, "split", "sizes") as number[]; // read once
      if (numOrSizeSplits.some((s) => typeof s !== "number")) {
        throw new ArgumentError(`split: sizes must be numbers, got [${numOrSizeSplits.map(show).join(",")}]`);
      }
      if (numOrSizeSplits.length === 0 || numOrSizeSplits.some((s) => !Number.isInteger(s) || s < -1 || s > INT_LIMIT) ||
        numOrSizeSplits.filter((s) => s === -1).length > 1) {
        throw new ShapeError(`split: sizes must be a non-empty array of non-negative integers with at most one -1, got [${numOrSizeSplits.map(show).join(",")}]`);
      }
      const known = numOrSizeSplits.reduce((s, v) => (v === -1 ? s : s + v), 0);
      sizes = numOrSizeSplits.map((s) => (s === -1 ? dim - known : s));
      if (sizes.some((s) => s < 0) || sizes.reduce((a, b) => a + b, 0) !== dim) {
        throw new ShapeError(`split: sizes ${fmt(numOrSizeSplits)} do not add up to axis ${ax} of x ${fmt(t.shape)} (size ${dim})`);
      }
    }
    const pieces: Tensor[] = []; // on a throw, the scope frees the pieces made so far
    let offset = 0;
    for (const s of sizes) {
      pieces.push(slice(t, t.shape.map((_, d) => (d === ax ? offset : 0)), t.shape.map((n, d) => (d === ax ? s : n))));
      offset += s;
    }
    return pieces;
  });
}

/**
 * Repeat `x` `reps[d]` times along each axis d, as tfjs's `tile`. A composite of reshape and broadcastTo
 * ([…, a, …] → […, 1, a, …] → […, r, a, …] → […, r·a, …]), so its gradient sums the tiles.
 *
 *     tt.tile(tt.tensor([1, 2]), [3]);   // [1 2 1 2 1 2]
 */
export function tile(x: TensorLike, reps: readonly number[]): Tensor {
  return withArgs("tile", (args) => {
    const t = args.tensor(x, "x");
    if (Array.isArray(reps)) reps = readList(reps, "tile", "reps") as number[]; // read once
    if (!Array.isArray(reps) || reps.some((r) => typeof r !== "number")) {
      throw new ArgumentError(`tile: reps must be ${t.rank} non-negative integers (one per axis of x ${fmt(t.shape)}), got ${Array.isArray(reps) ? `[${reps.map(show).join(",")}]` : show(reps)}`);
    }
    if (reps.length !== t.rank || reps.some((r) => !Number.isInteger(r) || r < 0 || r > INT_LIMIT)) {
      throw new ShapeError(`tile: reps must be ${t.rank} non-negative integers (one per axis of x ${fmt(t.shape)}), got ${Array.isArray(reps) ? `[${reps.map(show).join(",")}]` : show(reps)}`);
    }
    checkShape(t.shape.map((d, i) => d * reps[i]), "tile", "result shape");
    const axes = reps.flatMap((r, d) => (r !== 1 ? [d] : []));
    if (axes.length === 0) return reshape(t, t.shape);
    // NOTE: at most 3 tiled axes per pass keep the strided copy within its 8 dimensions (2 per tiled axis + 1)
    let cur = t;
    for (let g = 0; g < axes.length; g += 3) {
      const group = axes.slice(g, g + 3);
      const s = cur.shape;
      const expanded = s.flatMap((d, i) => (group.includes(i) ? [1, d] : [d]));
      const target = s.flatMap((d, i) => (group.includes(i) ? [reps[i], d] : [d]));
      const r = reshape(cur, expanded);
      const b = broadcastTo(r, target);
      const next = reshape(b, s.map((d, i) => (group.includes(i) ? reps[i] * d : d)));
      r.dispose();
      b.dispose();
      if (cur !== t) cur.dispose();
      cur = next;
    }
    return cur;
  });
}
