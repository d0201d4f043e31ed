// Elementwise binary kernels on f32 and i32: contiguous and strided/broadcast arithmetic, compare, where

import { Bin, Cmp } from "./opcodes";
import { atan2D } from "./wide";
import { metaDim, metaRank, metaStride, metaMid, metaMidStride, rowOffset } from "./simd";

// ---- lane and scalar ops ----------------------------------------------------------------------------

// a op b on four lanes. f32: IEEE add/sub/mul/div, fmax/fmin with NaN propagation and -0 < +0, each equal to
// its scalar op (basicS, binaryS) bit for bit, so scalar tails are exact; i32: wrapping, as TF's int32.
// Also the combining step of the reductions (reduce.ts).
// @ts-ignore: decorator
@inline export function binaryV<T>(op: i32, a: v128, b: v128): v128 {
  if (isInteger<T>()) {
    if (op == Bin.ADD) return i32x4.add(a, b);
    if (op == Bin.SUB) return i32x4.sub(a, b);
    if (op == Bin.MUL) return i32x4.mul(a, b);
    if (op == Bin.MAX) return i32x4.max_s(a, b);
    return i32x4.min_s(a, b);
  } else {
    if (op == Bin.ADD) return f32x4.add(a, b);
    if (op == Bin.SUB) return f32x4.sub(a, b);
    if (op == Bin.MUL) return f32x4.mul(a, b);
    if (op == Bin.DIV) return f32x4.div(a, b);
    if (op == Bin.MAX) return f32x4.max(a, b);
    return f32x4.min(a, b);
  }
}

// whether binaryV has op (the others run one element at a time: f32 pow, floorDiv and mod, i32 divisions)
// @ts-ignore: decorator
@inline function hasV<T>(op: i32): bool {
  if (isInteger<T>()) return op != Bin.DIV && op != Bin.FLOORDIV && op != Bin.MOD && op != Bin.POW;
  return op != Bin.POW && op != Bin.FLOORDIV && op != Bin.MOD && op != Bin.ATAN2;
}

// the ops every type has, on scalars, each equal to its lane op; the reductions fold with ADD, MUL, MAX, MIN
// @ts-ignore: decorator
@inline export function basicS<T>(op: i32, a: T, b: T): T {
  if (op == Bin.ADD) return a + b;
  if (op == Bin.SUB) return a - b;
  if (op == Bin.MUL) return a * b;
  if (op == Bin.MAX) return max<T>(a, b);
  return min<T>(a, b);
}

// @ts-ignore: decorator
@inline function binaryS<T>(op: i32, a: T, b: T): T {
  if (isInteger<T>()) {
    if (op == Bin.POW) { // NOTE: by squaring, wrapping; b < 0 gives ⌊a^b⌋ toward 0 as tfjs's int32 pow (TF raises)
      if (b < 0) return a == 1 ? <T>1 : a == -1 ? (b & 1 ? <T>-1 : <T>1) : <T>0;
      let r: T = 1, base = a, e = b;
      for (; e != 0; e >>= 1) {
        if (e & 1) r *= base;
        base *= base;
      }
      return r;
    }
    if (op != Bin.DIV && op != Bin.FLOORDIV && op != Bin.MOD) return basicS<T>(op, a, b);
    // NOTE: division rounds toward −∞ and mod takes the divisor's sign (TF floordiv/floormod, tfjs div of
    // int32); a zero divisor gives 0 where TF raises an error (tfjs also gives 0), and −2^31 / −1 wraps to
    // −2^31. Neither traps: wasm's i32.div_s would on both.
    if (b == 0) return <T>0;
    if (b == -1) return op == Bin.MOD ? <T>0 : -a;
    const q = a / b, r = a - q * b;
    const adjust = r != 0 && (r ^ b) < 0;
    if (op == Bin.MOD) return adjust ? r + b : r;
    return adjust ? q - 1 : q; // DIV, FLOORDIV
  } else {
    if (op == Bin.DIV) return a / b;
    // NOTE: pow is scalar, AssemblyScript's Mathf.pow: musl powf (< 1 ulp) with the special cases of JS
    // Math.pow (pow(1, ±Inf) and pow(1, NaN) are NaN, unlike C)
    if (op == Bin.POW) return <T>Mathf.pow(<f32>a, <f32>b);
    if (op == Bin.ATAN2) return <T>atan2D(<f64>a, <f64>b); // see wide.ts: through f64, ≤ 1 ulp
    if (op == Bin.FLOORDIV) return <T>Mathf.floor(<f32>a / <f32>b); // ⌊a/b⌋ of the rounded quotient, as TF's floordiv
    if (op == Bin.MOD) { // NOTE: the sign of b (TF floormod, tfjs mod): fmod (exact, musl fmodf) moved by b when the signs differ
      const r = a % b;
      return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }
    return basicS<T>(op, a, b);
  }
}

// a cmp b on four lanes as 0/-1 masks (f32: IEEE, so NaN is only !=)
// @ts-ignore: decorator
@inline function compareV<T>(op: i32, a: v128, b: v128): v128 {
  if (isInteger<T>()) {
    if (op == Cmp.EQ) return i32x4.eq(a, b);
    if (op == Cmp.NE) return i32x4.ne(a, b);
    if (op == Cmp.LT) return i32x4.lt_s(a, b);
    if (op == Cmp.LE) return i32x4.le_s(a, b);
    if (op == Cmp.GT) return i32x4.gt_s(a, b);
    return i32x4.ge_s(a, b);
  } else {
    if (op == Cmp.EQ) return f32x4.eq(a, b);
    if (op == Cmp.NE) return f32x4.ne(a, b);
    if (op == Cmp.LT) return f32x4.lt(a, b);
    if (op == Cmp.LE) return f32x4.le(a, b);
    if (op == Cmp.GT) return f32x4.gt(a, b);
    return f32x4.ge(a, b);
  }
}

// @ts-ignore: decorator
@inline function compareS<T>(op: i32, a: T, b: T): bool {
  if (op == Cmp.EQ) return a == b;
  if (op == Cmp.NE) return a != b;
  if (op == Cmp.LT) return a < b;
  if (op == Cmp.LE) return a <= b;
  if (op == Cmp.GT) return a > b;
  return a >= b;
}

// sixteen 0/-1 lane masks → sixteen 0/1 bytes
// @ts-ignore: decorator
@inline function masksToBytes(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
  return v128.and(bytes, i8x16.splat(1));
}

// ---- rows ------------------------------------------------------------------------------------------

// The vector part of a row: out[t] = a[t·sa] op b[t·sb] (CMP: a cmp b ? 1 : 0 as bytes) for t up to n,
// 16 lanes per trip, then (arithmetic) 4; A1/B1 say whether that operand has stride 1 (else 0: loaded once
// and splatted). Constant flags give one loop per stride case; runtime flags one loop for all three.
// NOTE: i32 arithmetic skips the 16-lane loop (rarely hot; module size). Returns the first t not done.
// @ts-ignore: decorator
@inline function rowV<T>(CMP: bool, A1: bool, B1: bool, op: i32, a: usize, b: usize, out: usize, n: i32): i32 {
  const va = A1 ? i32x4.splat(0) : v128.load32_splat(a), vb = B1 ? i32x4.splat(0) : v128.load32_splat(b);
  let t = 0;
  if (CMP || !isInteger<T>()) for (; t + 16 <= n; t += 16) {
    const o = <usize>t << 2;
    const a0 = A1 ? v128.load(a + o) : va, a1 = A1 ? v128.load(a + o, 16) : va;
    const a2 = A1 ? v128.load(a + o, 32) : va, a3 = A1 ? v128.load(a + o, 48) : va;
    const b0 = B1 ? v128.load(b + o) : vb, b1 = B1 ? v128.load(b + o, 16) : vb;
    const b2 = B1 ? v128.load(b + o, 32) : vb, b3 = B1 ? v128.load(b + o, 48) : vb;
    if (CMP) {
      const m0 = compareV<T>(op, a0, b0), m1 = compareV<T>(op, a1, b1);
      const m2 = compareV<T>(op, a2, b2), m3 = compareV<T>(op, a3, b3);
      v128.store(out + <usize>t, masksToBytes(m0, m1, m2, m3));
    } else {
      v128.store(out + o, binaryV<T>(op, a0, b0));
      v128.store(out + o, binaryV<T>(op, a1, b1), 16);
      v128.store(out + o, binaryV<T>(op, a2, b2), 32);
      v128.store(out + o, binaryV<T>(op, a3, b3), 48);
    }
  }
  if (!CMP) {
    for (; t + 4 <= n; t += 4) {
      const o = <usize>t << 2;
      v128.store(out + o, binaryV<T>(op, A1 ? v128.load(a + o) : va, B1 ? v128.load(b + o) : vb));
    }
  }
  return t;
}

// out[t] = a[t·sa] op b[t·sb] (CMP: a cmp b ? 1 : 0 as bytes) for t < n, strides in elements; vector lanes
// (VEC, and op has them) while the strides are (1,1), (1,0) or (0,1), then one element at a time.
// NOTE: f32 rows take their stride case from constant flags (one loop each); i32 rows pick it at run time
// in one loop (integer arithmetic is rarely hot; module size).
// @ts-ignore: decorator
@inline function row<T>(CMP: bool, VEC: bool, op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  let t = 0;
  if (VEC && (CMP || hasV<T>(op))) {
    if (isInteger<T>()) {
      if (<u32>sa <= 1 && <u32>sb <= 1 && (sa | sb) == 1) t = rowV<T>(CMP, sa == 1, sb == 1, op, a, b, out, n);
    } else if (sa == 1 && sb == 1) t = rowV<T>(CMP, true, true, op, a, b, out, n);
    else if (sa == 1 && sb == 0) t = rowV<T>(CMP, true, false, op, a, b, out, n);
    else if (sa == 0 && sb == 1) t = rowV<T>(CMP, false, true, op, a, b, out, n);
  }
  const sa4 = <usize>sa << 2, sb4 = <usize>sb << 2;
  let pa = a + <usize>t * sa4, pb = b + <usize>t * sb4;
  for (; t < n; t++) {
    if (CMP) store<u8>(out + <usize>t, <u8>compareS<T>(op, load<T>(pa), load<T>(pb)));
    else store<T>(out + (<usize>t << 2), binaryS<T>(op, load<T>(pa), load<T>(pb)));
    pa += sa4;
    pb += sb4;
  }
}

// the i32 rows, out of line with a runtime op (see row)
function binaryRowI32(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  row<i32>(false, true, op, a, sa, b, sb, out, n);
}
function compareRowI32(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  row<i32>(true, true, op, a, sa, b, sb, out, n);
}

// @ts-ignore: decorator
@inline function anyRow<T>(CMP: bool, VEC: bool, op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  if (!isInteger<T>()) row<T>(CMP, VEC, op, a, sa, b, sb, out, n);
  else if (CMP) compareRowI32(op, a, sa, b, sb, out, n);
  else binaryRowI32(op, a, sa, b, sb, out, n);
}

// ---- the strided walks ------------------------------------------------------------------------------

// Strided kernels walk [start, end) row by row, a row being the last dim; the offsets of each operand
// advance by the stride of dim rank-2 and are recomputed from scratch (rowOffset) only when that dim wraps.

// two operands (meta strides 0 and 1), 4-byte elements; CMP, VEC and T as for row
// @ts-ignore: decorator
@inline function walk2<T>(CMP: bool, VEC: bool, op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  if (start >= end) return;
  const last = metaRank(meta) - 1;
  const len = metaDim(meta, last), mid = metaMid(meta);
  const ia = metaStride(meta, 0, last), ib = metaStride(meta, 1, last);
  const ma = metaMidStride(meta, 0), mb = metaMidStride(meta, 1);
  let r = start / len, j = start - r * len, k = r % mid;
  let oa = rowOffset(meta, 0, r), ob = rowOffset(meta, 1, r);
  for (let i = start; i < end; ) {
    const n = min(len - j, end - i);
    const pa = a + (<usize>(oa + j * ia) << 2), pb = b + (<usize>(ob + j * ib) << 2);
    anyRow<T>(CMP, VEC, op, pa, ia, pb, ib, CMP ? out + <usize>i : out + (<usize>i << 2), n);
    i += n; j = 0; r++;
    if (++k < mid) { oa += ma; ob += mb; } else { k = 0; oa = rowOffset(meta, 0, r); ob = rowOffset(meta, 1, r); }
  }
}

// three operands (meta strides 0, 1, 2): a u8 condition and W-byte values (W = 4 or 1)
// @ts-ignore: decorator
@inline function walk3(W: i32, c: usize, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  if (start >= end) return;
  const last = metaRank(meta) - 1;
  const len = metaDim(meta, last), mid = metaMid(meta);
  const ic = metaStride(meta, 0, last), ia = metaStride(meta, 1, last), ib = metaStride(meta, 2, last);
  const mc = metaMidStride(meta, 0), ma = metaMidStride(meta, 1), mb = metaMidStride(meta, 2);
  let r = start / len, j = start - r * len, k = r % mid;
  let oc = rowOffset(meta, 0, r), oa = rowOffset(meta, 1, r), ob = rowOffset(meta, 2, r);
  for (let i = start; i < end; ) {
    const n = min(len - j, end - i);
    const pc = c + <usize>(oc + j * ic);
    if (W == 4) whereRow32(pc, ic, a + (<usize>(oa + j * ia) << 2), ia, b + (<usize>(ob + j * ib) << 2), ib, out + (<usize>i << 2), n);
    else whereRow8(pc, ic, a + <usize>(oa + j * ia), ia, b + <usize>(ob + j * ib), ib, out + <usize>i, n);
    i += n; j = 0; r++;
    if (++k < mid) { oc += mc; oa += ma; ob += mb; } else {
      k = 0; oc = rowOffset(meta, 0, r); oa = rowOffset(meta, 1, r); ob = rowOffset(meta, 2, r);
    }
  }
}

// ---- contiguous arithmetic --------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function binary<T>(op: i32, a: usize, b: usize, out: usize, start: i32, end: i32): void {
  const o = <usize>start << 2;
  anyRow<T>(false, true, op, a + o, 1, b + o, 1, out + o, end - start);
}

// out[i] = a[i] + b[i]
export function add_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary<f32>(Bin.ADD, a, b, out, start, end); }
// out[i] = a[i] - b[i]
export function sub_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary<f32>(Bin.SUB, a, b, out, start, end); }
// out[i] = a[i] * b[i]
export function mul_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary<f32>(Bin.MUL, a, b, out, start, end); }
// out[i] = a[i] / b[i]
export function div_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary<f32>(Bin.DIV, a, b, out, start, end); }
// out[i] = a[i] ** b[i]  (scalar musl powf per element, see binaryS)
export function pow_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary<f32>(Bin.POW, a, b, out, start, end); }
// out[i] = max(a[i], b[i]); NaN if either is NaN, max(-0, +0) = +0
export function maximum_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary<f32>(Bin.MAX, a, b, out, start, end); }
// out[i] = min(a[i], b[i]); NaN if either is NaN, min(-0, +0) = -0
export function minimum_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary<f32>(Bin.MIN, a, b, out, start, end); }

// out[i] = a[i] + b[i] (i32, wrapping)
export function add_i32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary<i32>(Bin.ADD, a, b, out, start, end); }
// out[i] = a[i] − b[i] (i32, wrapping)
export function sub_i32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary<i32>(Bin.SUB, a, b, out, start, end); }
// out[i] = a[i] · b[i] (i32, wrapping)
export function mul_i32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary<i32>(Bin.MUL, a, b, out, start, end); }
// out[i] = max(a[i], b[i]) (i32)
export function maximum_i32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary<i32>(Bin.MAX, a, b, out, start, end); }
// out[i] = min(a[i], b[i]) (i32)
export function minimum_i32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary<i32>(Bin.MIN, a, b, out, start, end); }

// ---- strided arithmetic and compare -----------------------------------------------------------------

// NOTE: the scalar-only ops share one walk, op a runtime value there (module size)
function scalarWalkF32(op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  walk2<f32>(false, false, op, a, b, out, meta, start, end);
}

// out[i] = a[offset_a(i)] op b[offset_b(i)]; op: 0 add, 1 sub, 2 mul, 3 div, 4 pow, 5 maximum, 6 minimum,
// 7 floorDiv ⌊a/b⌋, 8 mod (sign of b)
export function binary_f32(op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  switch (op) {
    case Bin.ADD: walk2<f32>(false, true, Bin.ADD, a, b, out, meta, start, end); break;
    case Bin.SUB: walk2<f32>(false, true, Bin.SUB, a, b, out, meta, start, end); break;
    case Bin.MUL: walk2<f32>(false, true, Bin.MUL, a, b, out, meta, start, end); break;
    case Bin.DIV: walk2<f32>(false, true, Bin.DIV, a, b, out, meta, start, end); break;
    case Bin.POW: case Bin.FLOORDIV: case Bin.MOD: case Bin.ATAN2: scalarWalkF32(op, a, b, out, meta, start, end); break;
    case Bin.MAX: walk2<f32>(false, true, Bin.MAX, a, b, out, meta, start, end); break;
    case Bin.MIN: walk2<f32>(false, true, Bin.MIN, a, b, out, meta, start, end); break;
    default: unreachable();
  }
}

// out[i] = a[offset_a(i)] cmp b[offset_b(i)] ? 1 : 0 (u8); cmp: 0 ==, 1 !=, 2 <, 3 <=, 4 >, 5 >= (IEEE: NaN only !=)
export function compare_f32(op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  switch (op) {
    case Cmp.EQ: walk2<f32>(true, true, Cmp.EQ, a, b, out, meta, start, end); break;
    case Cmp.NE: walk2<f32>(true, true, Cmp.NE, a, b, out, meta, start, end); break;
    case Cmp.LT: walk2<f32>(true, true, Cmp.LT, a, b, out, meta, start, end); break;
    case Cmp.LE: walk2<f32>(true, true, Cmp.LE, a, b, out, meta, start, end); break;
    case Cmp.GT: walk2<f32>(true, true, Cmp.GT, a, b, out, meta, start, end); break;
    case Cmp.GE: walk2<f32>(true, true, Cmp.GE, a, b, out, meta, start, end); break;
    default: unreachable();
  }
}

// out[i] = a[offset_a(i)] op b[offset_b(i)] (i32); op: 0 add, 1 sub, 2 mul, 3 div and 7 floorDiv (both ⌊a/b⌋),
// 5 maximum, 6 minimum, 8 mod (sign of b); x/0 and x mod 0 give 0
export function binary_i32(op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  assert(op >= Bin.ADD && op <= Bin.MOD, "binary_i32 op");
  walk2<i32>(false, true, op == Bin.FLOORDIV ? Bin.DIV : op, a, b, out, meta, start, end);
}

// out[i] = a[offset_a(i)] cmp b[offset_b(i)] ? 1 : 0 (i32 in, u8 out); cmp codes as compare_f32
export function compare_i32(op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  assert(op >= Cmp.EQ && op <= Cmp.GE, "compare_i32 op");
  walk2<i32>(true, true, op, a, b, out, meta, start, end);
}

// ---- where ----------------------------------------------------------------------------------------

// out[t] = c[t·sc] ? a[t·sa] : b[t·sb] for t < n (rounded down to a multiple of 4); C1/A1/B1 say whether that operand
// has stride 1 (else 0: loaded once and splatted). Returns the first t not done.
// @ts-ignore: decorator
@inline function whereRowV(C1: bool, A1: bool, B1: bool, c: usize, a: usize, b: usize, out: usize, n: i32): i32 {
  const mc = i32x4.splat(load<u8>(c) != 0 ? -1 : 0);
  const va = v128.load32_splat(a), vb = v128.load32_splat(b);
  let t = 0;
  for (; t + 4 <= n; t += 4) {
    const o = <usize>t << 2;
    let m = mc;
    if (C1) m = i32x4.extend_low_i16x8_s(i16x8.extend_low_i8x16_s(i8x16.ne(v128.load32_zero(c + <usize>t), i8x16.splat(0))));
    v128.store(out + o, v128.bitselect(A1 ? v128.load(a + o) : va, B1 ? v128.load(b + o) : vb, m));
  }
  return t;
}

// out[t] = c[t·sc] ? a[t·sa] : b[t·sb] for t < n, 32-bit words
// @ts-ignore: decorator
@inline function whereRow32(c: usize, sc: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  let t = 0;
  if (<u32>sc <= 1 && <u32>sa <= 1 && <u32>sb <= 1) {
    switch (sc | (sa << 1) | (sb << 2)) {
      case 0: t = whereRowV(false, false, false, c, a, b, out, n); break;
      case 1: t = whereRowV(true, false, false, c, a, b, out, n); break;
      case 2: t = whereRowV(false, true, false, c, a, b, out, n); break;
      case 3: t = whereRowV(true, true, false, c, a, b, out, n); break;
      case 4: t = whereRowV(false, false, true, c, a, b, out, n); break;
      case 5: t = whereRowV(true, false, true, c, a, b, out, n); break;
      case 6: t = whereRowV(false, true, true, c, a, b, out, n); break;
      default: t = whereRowV(true, true, true, c, a, b, out, n);
    }
  }
  const sa4 = <usize>sa << 2, sb4 = <usize>sb << 2;
  let pc = c + <usize>t * <usize>sc, pa = a + <usize>t * sa4, pb = b + <usize>t * sb4;
  for (; t < n; t++) {
    store<u32>(out + (<usize>t << 2), load<u8>(pc) != 0 ? load<u32>(pa) : load<u32>(pb));
    pc += <usize>sc;
    pa += sa4;
    pb += sb4;
  }
}

// out[t] = c[t·sc] ? a[t·sa] : b[t·sb] for t < n, bytes; 16 per trip when every stride is 1
// @ts-ignore: decorator
@inline function whereRow8(c: usize, sc: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  let t = 0;
  if (sc == 1 && sa == 1 && sb == 1) {
    for (; t + 16 <= n; t += 16) {
      const m = i8x16.ne(v128.load(c + <usize>t), i8x16.splat(0));
      v128.store(out + <usize>t, v128.bitselect(v128.load(a + <usize>t), v128.load(b + <usize>t), m));
    }
  }
  let pc = c + <usize>t * <usize>sc, pa = a + <usize>t * <usize>sa, pb = b + <usize>t * <usize>sb;
  for (; t < n; t++) {
    store<u8>(out + <usize>t, load<u8>(pc) != 0 ? load<u8>(pa) : load<u8>(pb));
    pc += <usize>sc;
    pa += <usize>sa;
    pb += <usize>sb;
  }
}

// out[i] = cond[offset_c(i)] != 0 ? a[offset_a(i)] : b[offset_b(i)]; 32-bit words (f32 or i32), cond u8
export function where_32(cond: usize, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  walk3(4, cond, a, b, out, meta, start, end);
}

// out[i] = cond[offset_c(i)] != 0 ? a[offset_a(i)] : b[offset_b(i)]; bytes (bool values), cond u8
export function where_8(cond: usize, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  walk3(1, cond, a, b, out, meta, start, end);
}
