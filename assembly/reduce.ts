// Reductions over the middle axis of a contiguous [outer, n, inner] f32 view: sum and max

import { loadTail, storeTail } from "./simd";

// @ts-ignore: decorator
@inline const SUM = 0;
// @ts-ignore: decorator
@inline const MAX = 1;

// @ts-ignore: decorator
@inline function combineV(op: i32, a: v128, b: v128): v128 {
  return op == SUM ? f32x4.add(a, b) : f32x4.max(a, b); // NOTE: f32x4.max, not pmax: NaN must propagate
}

// @ts-ignore: decorator
@inline function combineS(op: i32, a: f32, b: f32): f32 {
  return op == SUM ? a + b : max<f32>(a, b);
}

// reduce of n contiguous floats: 4 independent vector accumulators (16 lanes) over the 16-float
// blocks, then 4-float blocks into the first, then the lanes, then a scalar tail
// @ts-ignore: decorator
@inline function reduceContiguous(op: i32, x: usize, n: i32): f32 {
  const id: f32 = op == SUM ? 0 : -Infinity;
  let a0 = f32x4.splat(id), a1 = a0, a2 = a0, a3 = a0;
  let t = 0;
  for (; t + 16 <= n; t += 16) {
    const o = x + (<usize>t << 2);
    a0 = combineV(op, a0, v128.load(o));
    a1 = combineV(op, a1, v128.load(o, 16));
    a2 = combineV(op, a2, v128.load(o, 32));
    a3 = combineV(op, a3, v128.load(o, 48));
  }
  for (; t + 4 <= n; t += 4) a0 = combineV(op, a0, v128.load(x + (<usize>t << 2)));
  const v = combineV(op, combineV(op, a0, a1), combineV(op, a2, a3));
  let s = combineS(op,
    combineS(op, f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 2)),
    combineS(op, f32x4.extract_lane(v, 1), f32x4.extract_lane(v, 3)));
  for (; t < n; t++) s = combineS(op, s, load<f32>(x + (<usize>t << 2)));
  return s;
}

// max of n contiguous floats, fast path: f32x4.pmax (one maxps; f32x4.max costs ~8 instructions on x64
// for its NaN and ±0 rules) with a separate NaN flag. pmax may pick either zero of a -0/+0 tie, so a
// zero result is recomputed with the exact f32x4.max path. Same value as reduceContiguous(MAX, ·).
// @ts-ignore: decorator
@inline function maxContiguous(x: usize, n: i32): f32 {
  const ninf = f32x4.splat(-Infinity);
  let a0 = ninf, a1 = ninf, a2 = ninf, a3 = ninf, nan = f32x4.splat(0);
  let t = 0;
  for (; t + 16 <= n; t += 16) {
    const o = x + (<usize>t << 2);
    const v0 = v128.load(o), v1 = v128.load(o, 16), v2 = v128.load(o, 32), v3 = v128.load(o, 48);
    a0 = f32x4.pmax(a0, v0); // a < v ? v : a: a NaN v is skipped here and caught by the flag
    a1 = f32x4.pmax(a1, v1);
    a2 = f32x4.pmax(a2, v2);
    a3 = f32x4.pmax(a3, v3);
    nan = v128.or(nan, v128.or(v128.or(f32x4.ne(v0, v0), f32x4.ne(v1, v1)), v128.or(f32x4.ne(v2, v2), f32x4.ne(v3, v3))));
  }
  for (; t + 4 <= n; t += 4) {
    const v = v128.load(x + (<usize>t << 2));
    a0 = f32x4.pmax(a0, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  for (; t < n; t++) {
    const v = f32x4.splat(load<f32>(x + (<usize>t << 2)));
    a0 = f32x4.pmax(a0, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  if (v128.any_true(nan)) return NaN;
  const v = f32x4.pmax(f32x4.pmax(a0, a1), f32x4.pmax(a2, a3));
  const s = max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
  return s == 0 ? reduceContiguous(MAX, x, n) : s;
}

// out[j] = reduce_k x[k·inner + j] for j < inner (inner ≥ 2), vectorised across j; every lane is a plain
// sequential reduction id ⊕ x[0] ⊕ x[1] ⊕ … over k, so all the paths below agree bit for bit.
// Narrow rows (inner < WIDE) keep up to 16 columns in registers for the whole k loop; wide rows stream
// through x row by row in blocks of WIDE columns, accumulating in out (which stays in L1), so x is read
// contiguously instead of one short piece per row and column block.
// @ts-ignore: decorator
@inline const WIDE = 1024;

// @ts-ignore: decorator
@inline function reduceStrided(op: i32, x: usize, out: usize, n: i32, inner: i32): void {
  const id = f32x4.splat(op == SUM ? 0 : -Infinity);
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
          const s0 = combineV(op, v128.load(o + q), v128.load(p + q));
          const s1 = combineV(op, v128.load(o + q, 16), v128.load(p + q, 16));
          const s2 = combineV(op, v128.load(o + q, 32), v128.load(p + q, 32));
          const s3 = combineV(op, v128.load(o + q, 48), v128.load(p + q, 48));
          v128.store(o + q, s0);
          v128.store(o + q, s1, 16);
          v128.store(o + q, s2, 32);
          v128.store(o + q, s3, 48);
        }
        for (; t + 4 <= w; t += 4) {
          const q = <usize>t << 2;
          v128.store(o + q, combineV(op, v128.load(o + q), v128.load(p + q)));
        }
        if (t < w) {
          const q = <usize>t << 2;
          storeTail(o + q, combineV(op, loadTail(o + q, w - t), loadTail(p + q, w - t)), w - t);
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
      a0 = combineV(op, a0, v128.load(p));
      a1 = combineV(op, a1, v128.load(p, 16));
      a2 = combineV(op, a2, v128.load(p, 32));
      a3 = combineV(op, a3, v128.load(p, 48));
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
      a = combineV(op, a, v128.load(p));
      p += row;
    }
    v128.store(out + (<usize>j << 2), a);
  }
  if (j < inner) {
    const w = inner - j;
    let a = id;
    let p = x + (<usize>j << 2);
    for (let k = 0; k < n; k++) {
      a = combineV(op, a, loadTail(p, w));
      p += row;
    }
    storeTail(out + (<usize>j << 2), a, w);
  }
}

// @ts-ignore: decorator
@inline function reduce(op: i32, x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  if (inner == 1) {
    for (let o = start; o < end; o++) {
      const row = x + (<usize>o * <usize>n << 2);
      store<f32>(out + (<usize>o << 2), op == SUM ? reduceContiguous(SUM, row, n) : maxContiguous(row, n));
    }
  } else {
    const block = <usize>n * <usize>inner << 2;
    for (let o = start; o < end; o++) {
      reduceStrided(op, x + <usize>o * block, out + (<usize>o * <usize>inner << 2), n, inner);
    }
  }
}

// out[o·inner + j] = Σ_k x[(o·n + k)·inner + j] for o in [start, end); n = 0 gives 0
export function sum_f32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  reduce(SUM, x, out, n, inner, start, end);
}

// out[o·inner + j] = max_k x[(o·n + k)·inner + j] for o in [start, end); n = 0 gives -Infinity, NaN propagates
export function max_f32(x: usize, out: usize, n: i32, inner: i32, start: i32, end: i32): void {
  reduce(MAX, x, out, n, inner, start, end);
}
