// Integer and bool elementwise kernels: i32 binary (contiguous and strided), i32 compare, where on bytes

import { ADD, DIV, EQ, FLOORDIV, GT, LE, LT, MAX, MIN, MOD, MUL, NE, SUB } from "./opcodes";
import { metaDim, metaRank, metaStride, metaMid, metaMidStride, rowOffset } from "./simd";

// lane ops (wrapping, as TF's int32)
// @ts-ignore: decorator
@inline function binaryV(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return i32x4.add(a, b);
  if (op == SUB) return i32x4.sub(a, b);
  if (op == MUL) return i32x4.mul(a, b);
  if (op == MAX) return i32x4.max_s(a, b);
  return i32x4.min_s(a, b);
}

// NOTE: division rounds toward −∞ and mod takes the divisor's sign (TF floordiv/floormod, tfjs div of int32);
// a zero divisor gives 0 where TF raises an error (tfjs also gives 0), and −2^31 / −1 wraps to −2^31.
// Neither traps: wasm's i32.div_s would on both.
// @ts-ignore: decorator
@inline function binaryS(op: i32, a: i32, b: i32): i32 {
  if (op == ADD) return a + b;
  if (op == SUB) return a - b;
  if (op == MUL) return a * b;
  if (op == MAX) return max(a, b);
  if (op == MIN) return min(a, b);
  if (b == 0) return 0;
  if (b == -1) return op == MOD ? 0 : -a;
  const q = a / b, r = a - q * b;
  const adjust = r != 0 && (r ^ b) < 0;
  if (op == MOD) return adjust ? r + b : r;
  return adjust ? q - 1 : q; // DIV, FLOORDIV
}

// out[t] = a[t·sa] op b[t·sb] for t < n; SIMD when the strides are (1,1), (1,0) or (0,1) and op is not a division.
// NOTE: op is a runtime value in the i32 kernels (one branch per vector or element): integer arithmetic is rarely
// hot, and one copy of each loop keeps the module small.
function binaryRow(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  let t = 0;
  if (op != DIV && op != FLOORDIV && op != MOD && <u32>sa <= 1 && <u32>sb <= 1 && (sa | sb) == 1) {
    const va = v128.load32_splat(a), vb = v128.load32_splat(b);
    for (; t + 4 <= n; t += 4) {
      const o = <usize>t << 2;
      v128.store(out + o, binaryV(op, sa == 1 ? v128.load(a + o) : va, sb == 1 ? v128.load(b + o) : vb));
    }
  }
  const sa4 = <usize>sa << 2, sb4 = <usize>sb << 2;
  let pa = a + <usize>t * sa4, pb = b + <usize>t * sb4;
  for (; t < n; t++) {
    store<i32>(out + (<usize>t << 2), binaryS(op, load<i32>(pa), load<i32>(pb)));
    pa += sa4;
    pb += sb4;
  }
}

// @ts-ignore: decorator
@inline function compareV(op: i32, a: v128, b: v128): v128 {
  if (op == EQ) return i32x4.eq(a, b);
  if (op == NE) return i32x4.ne(a, b);
  if (op == LT) return i32x4.lt_s(a, b);
  if (op == LE) return i32x4.le_s(a, b);
  if (op == GT) return i32x4.gt_s(a, b);
  return i32x4.ge_s(a, b);
}

// @ts-ignore: decorator
@inline function compareS(op: i32, a: i32, b: i32): bool {
  if (op == EQ) return a == b;
  if (op == NE) return a != b;
  if (op == LT) return a < b;
  if (op == LE) return a <= b;
  if (op == GT) return a > b;
  return a >= b;
}

// out[t] = a[t·sa] cmp b[t·sb] ? 1 : 0 as bytes; 16 per trip when the strides are (1,1), (1,0) or (0,1)
function compareRow(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  let t = 0;
  if (<u32>sa <= 1 && <u32>sb <= 1 && (sa | sb) == 1) {
    const va = v128.load32_splat(a), vb = v128.load32_splat(b);
    for (; t + 16 <= n; t += 16) {
      const o = <usize>t << 2;
      const m0 = compareV(op, sa == 1 ? v128.load(a + o) : va, sb == 1 ? v128.load(b + o) : vb);
      const m1 = compareV(op, sa == 1 ? v128.load(a + o, 16) : va, sb == 1 ? v128.load(b + o, 16) : vb);
      const m2 = compareV(op, sa == 1 ? v128.load(a + o, 32) : va, sb == 1 ? v128.load(b + o, 32) : vb);
      const m3 = compareV(op, sa == 1 ? v128.load(a + o, 48) : va, sb == 1 ? v128.load(b + o, 48) : vb);
      const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
      v128.store(out + <usize>t, v128.and(bytes, i8x16.splat(1)));
    }
  }
  const sa4 = <usize>sa << 2, sb4 = <usize>sb << 2;
  let pa = a + <usize>t * sa4, pb = b + <usize>t * sb4;
  for (; t < n; t++) {
    store<u8>(out + <usize>t, <u8>compareS(op, load<i32>(pa), load<i32>(pb)));
    pa += sa4;
    pb += sb4;
  }
}

// Two-operand strided walk over [start, end), row by row (see elementwise.ts); CMP picks the compare rows
// (byte output) instead of the arithmetic ones.
// @ts-ignore: decorator
@inline function strided(CMP: bool, op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
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
    if (CMP) compareRow(op, pa, ia, pb, ib, out + <usize>i, n);
    else binaryRow(op, pa, ia, pb, ib, out + (<usize>i << 2), n);
    i += n; j = 0; r++;
    if (++k < mid) { oa += ma; ob += mb; } else { k = 0; oa = rowOffset(meta, 0, r); ob = rowOffset(meta, 1, r); }
  }
}

// @ts-ignore: decorator
@inline function binary(op: i32, a: usize, b: usize, out: usize, start: i32, end: i32): void {
  const o = <usize>start << 2;
  binaryRow(op, a + o, 1, b + o, 1, out + o, end - start);
}

// out[i] = a[i] + b[i] (i32, wrapping)
export function add_i32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary(ADD, a, b, out, start, end); }
// out[i] = a[i] − b[i] (i32, wrapping)
export function sub_i32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary(SUB, a, b, out, start, end); }
// out[i] = a[i] · b[i] (i32, wrapping)
export function mul_i32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary(MUL, a, b, out, start, end); }
// out[i] = max(a[i], b[i]) (i32)
export function maximum_i32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary(MAX, a, b, out, start, end); }
// out[i] = min(a[i], b[i]) (i32)
export function minimum_i32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary(MIN, a, b, out, start, end); }

// out[i] = a[offset_a(i)] op b[offset_b(i)] (i32); op: 0 add, 1 sub, 2 mul, 3 div and 7 floorDiv (both ⌊a/b⌋),
// 5 maximum, 6 minimum, 8 mod (sign of b); x/0 and x mod 0 give 0
export function binary_i32(op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  assert(op >= ADD && op <= MOD && op != 4, "binary_i32 op");
  strided(false, op == FLOORDIV ? DIV : op, a, b, out, meta, start, end);
}

// out[i] = a[offset_a(i)] cmp b[offset_b(i)] ? 1 : 0 (i32 in, u8 out); cmp codes as compare_f32
export function compare_i32(op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  assert(op >= 0 && op <= 5, "compare_i32 op");
  strided(true, op, a, b, out, meta, start, end);
}

// ---- where on bytes -------------------------------------------------------------------------------

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

// out[i] = cond[offset_c(i)] != 0 ? a[offset_a(i)] : b[offset_b(i)]; bytes (bool values), cond u8
export function where_8(cond: usize, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  if (start >= end) return;
  const last = metaRank(meta) - 1;
  const len = metaDim(meta, last), mid = metaMid(meta);
  const ic = metaStride(meta, 0, last), ia = metaStride(meta, 1, last), ib = metaStride(meta, 2, last);
  const mc = metaMidStride(meta, 0), ma = metaMidStride(meta, 1), mb = metaMidStride(meta, 2);
  let r = start / len, j = start - r * len, k = r % mid;
  let oc = rowOffset(meta, 0, r), oa = rowOffset(meta, 1, r), ob = rowOffset(meta, 2, r);
  for (let i = start; i < end; ) {
    const n = min(len - j, end - i);
    whereRow8(cond + <usize>(oc + j * ic), ic, a + <usize>(oa + j * ia), ia, b + <usize>(ob + j * ib), ib, out + <usize>i, n);
    i += n; j = 0; r++;
    if (++k < mid) { oc += mc; oa += ma; ob += mb; } else {
      k = 0; oc = rowOffset(meta, 0, r); oa = rowOffset(meta, 1, r); ob = rowOffset(meta, 2, r);
    }
  }
}
