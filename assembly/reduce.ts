// Reductions over the middle axis of a contiguous [outer, n, inner] view: sum max min prod, argmax argmin (f32, i32)

import { Bin } from "./opcodes";
import { basicS, binaryV } from "./binary";
import { loadTail, storeTail } from "./simd";

// The reductions fold with a binary op: Bin.ADD (sum), Bin.MUL (prod), Bin.MAX, Bin.MIN, combining lanes
// with binaryV and scalars with basicS. NOTE: f32x4.max/min, not pmax/pmin: NaN must propagate. i32 sums
// and products wrap (TF's int32).

// the identity of op: what a reduction over n = 0 gives
// @ts-ignore: decorator
@inline function identity<T>(op: i32): T {
  if (isInteger<T>()) return <T>(op == Bin.ADD ? 0 : op == Bin.MAX ? i32.MIN_VALUE : op == Bin.MIN ? i32.MAX_VALUE : 1);
  return <T>(op == Bin.ADD ? 0 : op == Bin.MAX ? -Infinity : op == Bin.MIN ? Infinity : 1);
}

// @ts-ignore: decorator
@inline function splat<T>(v: T): v128 {
  if (isInteger<T>()) return i32x4.splat(<i32>v);
  return f32x4.splat(<f32>v);
}

// @ts-ignore: decorator
@inline function lane<T>(v: v128, l: i32): T {
  if (isInteger<T>()) {
    if (l == 0) return <T>i32x4.extract_lane(v, 0);
    if (l == 1) return <T>i32x4.extract_lane(v, 1);
    if (l == 2) return <T>i32x4.extract_lane(v, 2);
    return <T>i32x4.extract_lane(v, 3);
  }
  if (l == 0) return <T>f32x4.extract_lane(v, 0);
  if (l == 1) return <T>f32x4.extract_lane(v, 1);
  if (l == 2) return <T>f32x4.extract_lane(v, 2);
  return <T>f32x4.extract_lane(v, 3);
}

// reduce of n contiguous values: 4 independent vector accumulators (16 lanes) over the 16-value
// blocks, then 4-value blocks into the first, then the lanes, then a scalar tail
// @ts-ignore: decorator
@inline function reduceContiguous<T>(op: i32, x: usize, n: i32): T {
  let a0 = splat<T>(identity<T>(op)), a1 = a0, a2 = a0, a3 = a0;
  let t = 0;
  for (; t + 16 <= n; t += 16) {
    const o = x + (<usize>t << 2);
    a0 = binaryV<T>(op, a0, v128.load(o));
    a1 = binaryV<T>(op, a1, v128.load(o, 16));
    a2 = binaryV<T>(op, a2, v128.load(o, 32));
    a3 = binaryV<T>(op, a3, v128.load(o, 48));
  }
  for (; t + 4 <= n; t += 4) a0 = binaryV<T>(op, a0, v128.load(x + (<usize>t << 2)));
  const v = binaryV<T>(op, binaryV<T>(op, a0, a1), binaryV<T>(op, a2, a3));
  let s = basicS<T>(op, basicS<T>(op, lane<T>(v, 0), lane<T>(v, 2)), basicS<T>(op, lane<T>(v, 1), lane<T>(v, 3)));
  for (; t < n; t++) s = basicS<T>(op, s, load<T>(x + (<usize>t << 2)));
  return s;
}

// max (or min) of n contiguous floats, fast path: f32x4.pmax/pmin (one maxps/minps; f32x4.max costs ~8
// instructions on x64 for its NaN and ±0 rules) with a separate NaN flag. pmax/pmin may pick either zero of
// a -0/+0 tie, so a zero result is recomputed with the exact f32x4.max/min path. Same value as
// reduceContiguous<f32>(op, ·).
// @ts-ignore: decorator
@inline function extremeContiguous(op: i32, x: usize, n: i32): f32 {
  const id = f32x4.splat(identity<f32>(op));
  let a0 = id, a1 = id, a2 = id, a3 = id, nan = f32x4.splat(0);
  let t = 0;
  for (; t + 16 <= n; t += 16) {
    const o = x + (<usize>t << 2);
    const v0 = v128.load(o), v1 = v128.load(o, 16), v2 = v128.load(o, 32), v3 = v128.load(o, 48);
    // a < v ? v : a (pmax) or v < a ? v : a (pmin): a NaN v is skipped here and caught by the flag
    a0 = op == Bin.MAX ? f32x4.pmax(a0, v0) : f32x4.pmin(a0, v0);
    a1 = op == Bin.MAX ? f32x4.pmax(a1, v1) : f32x4.pmin(a1, v1);
    a2 = op == Bin.MAX ? f32x4.pmax(a2, v2) : f32x4.pmin(a2, v2);
    a3 = op == Bin.MAX ? f32x4.pmax(a3, v3) : f32x4.pmin(a3, v3);
    nan = v128.or(nan, v128.or(v128.or(f32x4.ne(v0, v0), f32x4.ne(v1, v1)), v128.or(f32x4.ne(v2, v2), f32x4.ne(v3, v3))));
  }
  for (; t + 4 <= n; t += 4) {
    const v = v128.load(x + (<usize>t << 2));
    a0 = op == Bin.MAX ? f32x4.pmax(a0, v) : f32x4.pmin(a0, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  for (; t < n; t++) {
    const v = f32x4.splat(load<f32>(x + (<usize>t << 2)));
    a0 = op == Bin.MAX ? f32x4.pmax(a0, v) : f32x4.pmin(a0, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  if (v128.any_true(nan)) return NaN;
  const v = op == Bin.MAX ? f32x4.pmax(f32x4.pmax(a0, a1), f32x4.pmax(a2, a3)) : f32x4.pmin(f32x4.pmin(a0, a1), f32x4.pmin(a2, a3));
  const s = basicS<f32>(op, basicS<f32>(op, lane<f32>(v, 0), lane<f32>(v, 1)), basicS<f32>(op, lane<f32>(v, 2), lane<f32>(v, 3)));
  return s == 0 ? reduceContiguous<f32>(op, x, n) : s;
}

// out[j] = reduce_k x[k·inner + j] for j < inner (inner ≥ 2), vectorised across j; every lane is a plain
// sequential reduction id ⊕ x[0] ⊕ x[1] ⊕ … over k, so all the paths below agree bit for bit.
// Narrow rows (inner < WIDE) keep up to 16 columns in registers for the whole k loop; wide rows stream
// through x row by row in blocks of WIDE columns, accumulating in out (which stays in L1), so x is read
// contiguously instead of one short piece per row and column block.
// @ts-ignore: decorator
@inline const WIDE = 1024;

// @ts-ignore: decorator
@inline function reduceStrided<T>(op: i32, x: usize, out: usize, n: i32, inner: i32): void {
  const id = splat<T>(identity<T>(op));
  const row = <usize>inner << 2;
  let j = 0;
  if (inner >= WIDE) {
    for (; j < inner; j += WIDE) {
      const w = min(WIDE, inner - j);
      const o = out + (<usize>j << 2);
      for (let t = 0; t < w; t += 4) storeTail(o + (<usize>t << 2), id, min(4, w - t));
      let p = x + (<usize>j << 2);
      for (let k = 0; k < n; k++) {
        let t = 0;
        for (; t + 16 <= w; t += 16) {
          const q = <usize>t << 2;
          const s0 = binaryV<T>(op, v128.load(o + q), v128.load(p + q));
          const s1 = binaryV<T>(op, v128.load(o + q, 16), v128.load(p + q, 16));
          const s2 = binaryV<T>(op, v128.load(o + q, 32), v128.load(p + q, 32));
          const s3 = binaryV<T>(op, v128.load(o + q, 48), v128.load(p + q, 48));
          v128.store(o + q, s0);
          v128.store(o + q, s1, 16);
          v128.store(o + q, s2, 32);
          v128.store(o + q, s3, 48);
        }
        for (; t + 4 <= w; t += 4) {
          const q = <usize>t << 2;
          v128.store(o + q, binaryV<T>(op, v128.load(o + q), v128.load(p + q)));
        }
        if (t < w) {
          const q = <usize>t << 2;
          storeTail(o + q, binaryV<T>(op, loadTail(o + q, w - t), loadTail(p + q, w - t)), w - t);
        }
        p += row;
      }
    }
    return;
  }
  for (; j + 16 <= inner; j += 16) {
    let a0 = id, a1 = id, a2 = id, a3 = id;
    let p = x + (<usize>j << 2);
    for (let k = 0; k < n; k++) {
      a0 = binaryV<T>(op, a0, v128.load(p));
      a1 = binaryV<T>(op, a1, v128.load(p, 16));
      a2 = binaryV<T>(op, a2, v128.load(p, 32));
      a3 = binaryV<T>(op, a3, v128.load(p, 48));
      p += row;
    }
    const o = out + (<usize>j << 2);
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
  }
  for (; j + 4 <= inner; j += 4) {
    let a = id;
    let p = x + (<usize>j << 2);
    for (let k = 0; k < n; k++) {
      a = binaryV<T>(op, a, v128.load(p));
      p += row;
    }
    v128.store(out + (<usize>j << 2), a);
  }
  if (j < inner) {
    const w = inner - j;
    let a = id;
    let p = x + (<usize>j << 2);
    for (let k = 0; k < n; k++) {
      a = binaryV<T>(op, a, loadTail(p, w));
      p += row;
    }
    storeTail(out + (<usize>j << 2), a, w);
  }
}

// @ts-ignore: decorator
@inline function reduce<T>(op: i32, x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  if (inner == 1) {
    for (let o = start; o < end; o++) {
      const row = x + (<usize>o * <usize>n << 2);
      const fast = !isInteger<T>() && (op == Bin.MAX || op == Bin.MIN);
      store<T>(out + (<usize>o << 2), fast ? <T>extremeContiguous(op, row, n) : reduceContiguous<T>(op, row, n));
    }
  } else {
    const block = <usize>n * <usize>inner << 2;
    for (let o = start; o < end; o++) {
      reduceStrided<T>(op, x + <usize>o * block, out + (<usize>o * <usize>inner << 2), n, inner);
    }
  }
}

// out[o·inner + j] = Σ_k x[(o·n + k)·inner + j] for o in [start, end); n = 0 gives 0
export function sum_f32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  reduce<f32>(Bin.ADD, x, out, n, inner, start, end);
}

// out[o·inner + j] = max_k x[(o·n + k)·inner + j] for o in [start, end); n = 0 gives -Infinity, NaN propagates
export function max_f32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  reduce<f32>(Bin.MAX, x, out, n, inner, start, end);
}

// out[o·inner + j] = min_k x[(o·n + k)·inner + j]; n = 0 gives +Infinity, NaN propagates
export function min_f32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  reduce<f32>(Bin.MIN, x, out, n, inner, start, end);
}

// out[o·inner + j] = Π_k x[(o·n + k)·inner + j]; n = 0 gives 1
export function prod_f32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  reduce<f32>(Bin.MUL, x, out, n, inner, start, end);
}

// NOTE: the i32 reductions share one body with a runtime op (integer reductions are rarely hot; module size)
function reduceI32(op: i32, x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  reduce<i32>(op, x, out, n, inner, start, end);
}

// i32 sum (wrapping); n = 0 gives 0
export function sum_i32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  reduceI32(Bin.ADD, x, out, n, inner, start, end);
}

// i32 max; n = 0 gives -2^31
export function max_i32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  reduceI32(Bin.MAX, x, out, n, inner, start, end);
}

// i32 min; n = 0 gives 2^31 − 1
export function min_i32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  reduceI32(Bin.MIN, x, out, n, inner, start, end);
}

// i32 product (wrapping); n = 0 gives 1
export function prod_i32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  reduceI32(Bin.MUL, x, out, n, inner, start, end);
}

// ---- argmax / argmin ------------------------------------------------------------------------------

// Whether v replaces the best so far: strictly greater (argmax) or smaller (argmin), so ties keep the first
// occurrence (TF, numpy); a NaN replaces any number and no NaN replaces a NaN, so the first NaN wins
// (numpy, JAX, PyTorch; consistent with max/min, which return NaN).
// @ts-ignore: decorator
@inline function betterV<T>(ARGMAX: bool, v: v128, best: v128): v128 {
  if (isInteger<T>()) return ARGMAX ? i32x4.gt_s(v, best) : i32x4.lt_s(v, best);
  const cmp = ARGMAX ? f32x4.gt(v, best) : f32x4.lt(v, best);
  return v128.or(cmp, v128.andnot(f32x4.ne(v, v), f32x4.ne(best, best)));
}

// @ts-ignore: decorator
@inline function betterS<T>(ARGMAX: bool, v: T, best: T): bool {
  if (isInteger<T>()) return ARGMAX ? v > best : v < best;
  return (ARGMAX ? v > best : v < best) || (v != v && best == best);
}

// @ts-ignore: decorator
@inline function sameS<T>(v: T, best: T): bool {
  if (isInteger<T>()) return v == best;
  return v == best || (v != v && best != best);
}

// index of the best of n ≥ 1 contiguous values: lane l of the vector loop holds the first best among
// positions ≡ l (mod 4); the lanes are merged preferring the better value, then the smaller index
// @ts-ignore: decorator
@inline function argContiguous<T>(ARGMAX: bool, x: usize, n: i32): i32 {
  let t = 1;
  let bv = load<T>(x), bi = 0;
  if (n >= 8) {
    let best = v128.load(x), idx = i32x4(0, 1, 2, 3), cur = i32x4(4, 5, 6, 7);
    t = 4;
    for (; t + 4 <= n; t += 4) {
      const v = v128.load(x + (<usize>t << 2));
      const upd = betterV<T>(ARGMAX, v, best);
      best = v128.bitselect(v, best, upd);
      idx = v128.bitselect(cur, idx, upd);
      cur = i32x4.add(cur, i32x4.splat(4));
    }
    bv = lane<T>(best, 0);
    bi = lane<i32>(idx, 0);
    for (let l = 1; l < 4; l++) {
      const v = lane<T>(best, l), i = lane<i32>(idx, l);
      if (betterS<T>(ARGMAX, v, bv) || (sameS<T>(v, bv) && i < bi)) { bv = v; bi = i; }
    }
  }
  for (; t < n; t++) {
    const v = load<T>(x + (<usize>t << 2));
    if (betterS<T>(ARGMAX, v, bv)) { bv = v; bi = t; }
  }
  return bi;
}

// out[j] = index of the best of x[k·inner + j] over k < n (n ≥ 1), 4 columns per vector (w ≤ 4 of them valid)
// @ts-ignore: decorator
@inline function argColumns<T>(ARGMAX: bool, x: usize, row: usize, n: i32, out: usize, w: i32): void {
  let best = w == 4 ? v128.load(x) : loadTail(x, w), idx = i32x4.splat(0);
  let p = x + row;
  for (let k = 1; k < n; k++) {
    const v = w == 4 ? v128.load(p) : loadTail(p, w);
    const upd = betterV<T>(ARGMAX, v, best);
    best = v128.bitselect(v, best, upd);
    idx = v128.bitselect(i32x4.splat(k), idx, upd);
    p += row;
  }
  if (w == 4) v128.store(out, idx);
  else storeTail(out, idx, w);
}

// @ts-ignore: decorator
@inline function arg<T>(ARGMAX: bool, x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  if (n == 0) { // no element to point at; the host never asks (TF rejects an empty reduction axis)
    for (let o = start; o < end; o++) memory.fill(out + (<usize>o * <usize>inner << 2), 0, <usize>inner << 2);
    return;
  }
  const row = <usize>inner << 2;
  for (let o = start; o < end; o++) {
    const base = x + <usize>o * <usize>n * row, dst = out + (<usize>o * <usize>inner << 2);
    if (inner == 1) { store<i32>(dst, argContiguous<T>(ARGMAX, base, n)); continue; }
    let j = 0;
    for (; j + 4 <= inner; j += 4) argColumns<T>(ARGMAX, base + (<usize>j << 2), row, n, dst + (<usize>j << 2), 4);
    if (j < inner) argColumns<T>(ARGMAX, base + (<usize>j << 2), row, n, dst + (<usize>j << 2), inner - j);
  }
}

// NOTE: ARGMAX is a runtime flag here (both comparisons, one select): one body per input type
function argF32(ARGMAX: bool, x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  arg<f32>(ARGMAX, x, out, n, inner, start, end);
}
function argI32(ARGMAX: bool, x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  arg<i32>(ARGMAX, x, out, n, inner, start, end);
}

// out[o·inner + j] (i32) = the k < n where x[(o·n + k)·inner + j] is largest: the first such k; the first
// NaN if there is one. n ≥ 1 (n = 0 writes 0).
export function argmax_f32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  argF32(true, x, out, n, inner, start, end);
}

// as argmax_f32, for the smallest value
export function argmin_f32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  argF32(false, x, out, n, inner, start, end);
}

// as argmax_f32, for i32 values
export function argmax_i32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  argI32(true, x, out, n, inner, start, end);
}

// as argmin_f32, for i32 values
export function argmin_i32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  argI32(false, x, out, n, inner, start, end);
}
