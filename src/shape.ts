// Shapes: validation, broadcasting, strides, axes, dimension coalescing for strided kernels.
import { ArgumentError, ShapeError } from "./errors.js";
import { readList, readShape, show } from "./read.js";
import type { Shape } from "./tensor.js";

/** "[2,3]"; an entry that is not a number is described without running its code (messages about bad input use this too). */
export const fmt = (s: readonly unknown[]): string => `[${s.map((d) => (typeof d === "number" ? String(d) : show(d))).join(",")}]`;

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A validated copy of a user-supplied shape (read once): dimensions are integers in [0, 2³¹), the size fits wasm32. */
export function checkShape(shape: unknown, op: string, arg = "shape"): number[] {
  return readShape(shape, op, arg);
}

/** Row-major strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

/** numpy broadcasting of two shapes. */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = []; // pushed, not new Array(rank): holey arrays are slower on every later access
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1, db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: shapes ${fmt(a)} and ${fmt(b)} cannot be broadcast together (dimension ${i}: ${da} vs ${db})`);
    }
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Strides (in elements) that read a contiguous `shape` as if broadcast to `out` (0 on broadcast dims). */
export function broadcastStrides(shape: Shape, out: Shape): number[] {
  const r: number[] = [];
  for (let i = 0; i < out.length; i++) r.push(0);
  const off = out.length - shape.length;
  for (let i = shape.length - 1, acc = 1; i >= 0; i--) {
    if (shape[i] !== 1) r[off + i] = acc;
    acc *= shape[i];
  }
  return r;
}

/**
 * Merge adjacent dimensions that every operand walks contiguously, and drop size-1 dimensions, so
 * strided kernels see the fewest, longest rows. Returns rank ≥ 1. (Plain loops: this runs once per
 * broadcasting op.)
 */
export function coalesce(shape: Shape, strides: number[][]): { shape: number[]; strides: number[][] } {
  const dims: number[] = [];
  const st: number[][] = [];
  for (let p = 0; p < strides.length; p++) st.push([]);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = dims.length - 1;
    let merge = last >= 0;
    for (let p = 0; p < strides.length && merge; p++) merge = st[p][last] === strides[p][d] * shape[d];
    if (merge) {
      dims[last] *= shape[d];
      for (let p = 0; p < strides.length; p++) st[p][last] = strides[p][d];
    } else {
      dims.push(shape[d]);
      for (let p = 0; p < strides.length; p++) st[p].push(strides[p][d]);
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    for (let p = 0; p < strides.length; p++) st[p].push(0);
  }
  return { shape: dims, strides: st };
}

/** Normalise `axis` (a number, an array, negative allowed, undefined = all) to sorted unique axes; the array is read once. */
export function normalizeAxes(axis: unknown, rank: number, op: string, shape: Shape): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: rank }, (_, i) => i);
  if (typeof axis !== "number" && !Array.isArray(axis)) throw new ArgumentError(`${op}: axis must be a number or an array of numbers, got ${show(axis)}`);
  const list = typeof axis === "number" ? [axis] : readList(axis, op, "axis");
  const out = new Set<number>();
  for (const a of list) {
    if (typeof a !== "number") throw new ArgumentError(`${op}: axis must hold numbers, got ${show(a)}`);
    if (!Number.isInteger(a) || a < -rank || a >= rank) {
      throw new ShapeError(`${op}: axis ${show(a)} is out of range for a tensor of rank ${rank} (shape ${fmt(shape)})`);
    }
    const n = a < 0 ? a + rank : a;
    if (out.has(n)) throw new ShapeError(`${op}: axis ${a} is repeated in ${fmt(list as number[])}`);
    out.add(n);
  }
  return [...out].sort((x, y) => x - y);
}

/** One axis (a number, negative allowed) made non-negative; anything else is an ArgumentError, out of range a ShapeError. */
export function oneAxis(axis: unknown, rank: number, op: string, shape: Shape): number {
  if (typeof axis !== "number") throw new ArgumentError(`${op}: axis must be a number, got ${show(axis)}`);
  return normalizeAxes(axis, rank, op, shape)[0];
}

/** The shape with reduced `axes` set to 1 (what keepDims gives). */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** Axes of `out` along which a tensor of `shape`, broadcast to `out`, was repeated. */
export function broadcastAxes(shape: Shape, out: Shape): number[] {
  const off = out.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < out.length; i++) {
    if (i < off || (shape[i - off] === 1 && out[i] !== 1)) axes.push(i);
  }
  return axes;
}
