// Elementwise f32 kernels: contiguous unary and binary, strided/broadcast binary, compare and where

import { ADD, DIV, EQ, FLOORDIV, GE, GT, LE, LT, MAX, MIN, MOD, MUL, NE, POW, SUB } from "./opcodes";
import { expV, logV, tanhV, sigmoidV } from "./math";
import { loadTail, storeTail, metaDim, metaRank, metaStride, metaMid, metaMidStride, rowOffset } from "./simd";

// ---- unary ----------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline const NEG = 0;
// @ts-ignore: decorator
@inline const ABS = 1;
// @ts-ignore: decorator
@inline const EXP = 2;
// @ts-ignore: decorator
@inline const LOG = 3;
// @ts-ignore: decorator
@inline const SQRT = 4;
// @ts-ignore: decorator
@inline const SQUARE = 5;
// @ts-ignore: decorator
@inline const TANH = 6;
// @ts-ignore: decorator
@inline const SIGMOID = 7;
// @ts-ignore: decorator
@inline const RELU = 8;

// @ts-ignore: decorator
@inline function unaryV(op: i32, v: v128): v128 {
  if (op == NEG) return f32x4.neg(v);
  if (op == ABS) return f32x4.abs(v);
  if (op == EXP) return expV(v);
  if (op == LOG) return logV(v);
  if (op == SQRT) return f32x4.sqrt(v);
  if (op == SQUARE) return f32x4.mul(v, v);
  if (op == TANH) return tanhV(v);
  if (op == SIGMOID) return sigmoidV(v);
  return f32x4.max(v, f32x4.splat(0)); // RELU; NOTE: max keeps NaN (as TF) and maps -0 to +0
}

// out[i] = f(x[i]) over [start, end); op is a constant after inlining, so each kernel gets its own loop.
// The 1–3 element tail runs through the same vector code, so a value never depends on its position.
// @ts-ignore: decorator
@inline function unary(op: i32, x: usize, out: usize, start: i32, end: i32): void {
  let i = start;
  if (op == NEG || op == ABS || op == SQRT || op == SQUARE || op == RELU) {
    for (; i + 16 <= end; i += 16) { // memory-bound: 4 vectors per trip
      const o = <usize>i << 2;
      const v0 = v128.load(x + o), v1 = v128.load(x + o, 16), v2 = v128.load(x + o, 32), v3 = v128.load(x + o, 48);
      v128.store(out + o, unaryV(op, v0));
      v128.store(out + o, unaryV(op, v1), 16);
      v128.store(out + o, unaryV(op, v2), 32);
      v128.store(out + o, unaryV(op, v3), 48);
    }
  } else {
    for (; i + 8 <= end; i += 8) { // two independent vectors per trip overlap the polynomial chains (~15%)
      const o = <usize>i << 2;
      const v0 = v128.load(x + o), v1 = v128.load(x + o, 16);
      v128.store(out + o, unaryV(op, v0));
      v128.store(out + o, unaryV(op, v1), 16);
    }
  }
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, unaryV(op, v128.load(x + o)));
  }
  if (i < end) {
    const o = <usize>i << 2;
    storeTail(out + o, unaryV(op, loadTail(x + o, end - i)), end - i);
  }
}

// out[i] = -x[i]
export function neg_f32(x: usize, out: usize, start: i32, end: i32): void { unary(NEG, x, out, start, end); }
// out[i] = |x[i]|
export function abs_f32(x: usize, out: usize, start: i32, end: i32): void { unary(ABS, x, out, start, end); }
// out[i] = exp(x[i])  (see math.ts: Cephes expf)
export function exp_f32(x: usize, out: usize, start: i32, end: i32): void { unary(EXP, x, out, start, end); }
// out[i] = log(x[i])  (see math.ts: Cephes logf)
export function log_f32(x: usize, out: usize, start: i32, end: i32): void { unary(LOG, x, out, start, end); }
// out[i] = √x[i]  (IEEE, correctly rounded)
export function sqrt_f32(x: usize, out: usize, start: i32, end: i32): void { unary(SQRT, x, out, start, end); }
// out[i] = x[i]·x[i]
export function square_f32(x: usize, out: usize, start: i32, end: i32): void { unary(SQUARE, x, out, start, end); }
// out[i] = tanh(x[i])  (see math.ts: Cephes tanhf)
export function tanh_f32(x: usize, out: usize, start: i32, end: i32): void { unary(TANH, x, out, start, end); }
// out[i] = 1/(1 + exp(-x[i]))  (see math.ts)
export function sigmoid_f32(x: usize, out: usize, start: i32, end: i32): void { unary(SIGMOID, x, out, start, end); }
// out[i] = max(x[i], 0); NaN stays NaN
export function relu_f32(x: usize, out: usize, start: i32, end: i32): void { unary(RELU, x, out, start, end); }

// ---- binary ---------------------------------------------------------------------------------------

// lane ops; each equals its scalar op below bit for bit (IEEE add/sub/mul/div; fmax/fmin with NaN
// propagation and -0 < +0), so scalar tails are exact
// @ts-ignore: decorator
@inline function binaryV(op: i32, a: v128, b: v128): v128 {
  if (op == ADD) return f32x4.add(a, b);
  if (op == SUB) return f32x4.sub(a, b);
  if (op == MUL) return f32x4.mul(a, b);
  if (op == DIV) return f32x4.div(a, b);
  if (op == MAX) return f32x4.max(a, b);
  return f32x4.min(a, b);
}

// @ts-ignore: decorator
@inline function binaryS(op: i32, a: f32, b: f32): f32 {
  if (op == ADD) return a + b;
  if (op == SUB) return a - b;
  if (op == MUL) return a * b;
  if (op == DIV) return a / b;
  // NOTE: pow is scalar, AssemblyScript's Mathf.pow: musl powf (< 1 ulp) with the special cases of JS
  // Math.pow (pow(1, ±Inf) and pow(1, NaN) are NaN, unlike C)
  if (op == POW) return Mathf.pow(a, b);
  if (op == MAX) return max<f32>(a, b);
  if (op == FLOORDIV) return Mathf.floor(a / b); // ⌊a/b⌋ of the rounded quotient, as TF's floordiv
  // NOTE: mod takes the sign of b (TF floormod, tfjs mod): fmod (exact, musl fmodf) moved by b when the signs differ
  if (op == MOD) { const r = a % b; return r != 0 && (r < 0) != (b < 0) ? r + b : r; }
  return min<f32>(a, b);
}

// out[t] = a[t·sa] op b[t·sb] for t < n (strides in elements); SIMD when the strides are (1,1), (1,0) or (0,1)
// @ts-ignore: decorator
@inline function binaryRow(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  let t = 0;
  if (op != POW && op != FLOORDIV && op != MOD) { // NOTE: the rarely hot floorDiv and mod stay scalar (module size)
    if (sa == 1 && sb == 1) {
      for (; t + 16 <= n; t += 16) {
        const o = <usize>t << 2;
        const a0 = v128.load(a + o), a1 = v128.load(a + o, 16), a2 = v128.load(a + o, 32), a3 = v128.load(a + o, 48);
        const b0 = v128.load(b + o), b1 = v128.load(b + o, 16), b2 = v128.load(b + o, 32), b3 = v128.load(b + o, 48);
        v128.store(out + o, binaryV(op, a0, b0));
        v128.store(out + o, binaryV(op, a1, b1), 16);
        v128.store(out + o, binaryV(op, a2, b2), 32);
        v128.store(out + o, binaryV(op, a3, b3), 48);
      }
      for (; t + 4 <= n; t += 4) {
        const o = <usize>t << 2;
        v128.store(out + o, binaryV(op, v128.load(a + o), v128.load(b + o)));
      }
    } else if (sa == 1 && sb == 0) {
      const vb = v128.load32_splat(b);
      for (; t + 16 <= n; t += 16) {
        const o = <usize>t << 2;
        const a0 = v128.load(a + o), a1 = v128.load(a + o, 16), a2 = v128.load(a + o, 32), a3 = v128.load(a + o, 48);
        v128.store(out + o, binaryV(op, a0, vb));
        v128.store(out + o, binaryV(op, a1, vb), 16);
        v128.store(out + o, binaryV(op, a2, vb), 32);
        v128.store(out + o, binaryV(op, a3, vb), 48);
      }
      for (; t + 4 <= n; t += 4) {
        const o = <usize>t << 2;
        v128.store(out + o, binaryV(op, v128.load(a + o), vb));
      }
    } else if (sa == 0 && sb == 1) {
      const va = v128.load32_splat(a);
      for (; t + 16 <= n; t += 16) {
        const o = <usize>t << 2;
        const b0 = v128.load(b + o), b1 = v128.load(b + o, 16), b2 = v128.load(b + o, 32), b3 = v128.load(b + o, 48);
        v128.store(out + o, binaryV(op, va, b0));
        v128.store(out + o, binaryV(op, va, b1), 16);
        v128.store(out + o, binaryV(op, va, b2), 32);
        v128.store(out + o, binaryV(op, va, b3), 48);
      }
      for (; t + 4 <= n; t += 4) {
        const o = <usize>t << 2;
        v128.store(out + o, binaryV(op, va, v128.load(b + o)));
      }
    }
  }
  const sa4 = <usize>sa << 2, sb4 = <usize>sb << 2;
  let pa = a + <usize>t * sa4, pb = b + <usize>t * sb4;
  for (; t < n; t++) {
    store<f32>(out + (<usize>t << 2), binaryS(op, load<f32>(pa), load<f32>(pb)));
    pa += sa4;
    pb += sb4;
  }
}

// @ts-ignore: decorator
@inline function binary(op: i32, a: usize, b: usize, out: usize, start: i32, end: i32): void {
  const o = <usize>start << 2;
  binaryRow(op, a + o, 1, b + o, 1, out + o, end - start);
}

// out[i] = a[i] + b[i]
export function add_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary(ADD, a, b, out, start, end); }
// out[i] = a[i] - b[i]
export function sub_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary(SUB, a, b, out, start, end); }
// out[i] = a[i] * b[i]
export function mul_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary(MUL, a, b, out, start, end); }
// out[i] = a[i] / b[i]
export function div_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary(DIV, a, b, out, start, end); }
// out[i] = a[i] ** b[i]  (scalar musl powf per element, see binaryS)
export function pow_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary(POW, a, b, out, start, end); }
// out[i] = max(a[i], b[i]); NaN if either is NaN, max(-0, +0) = +0
export function maximum_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary(MAX, a, b, out, start, end); }
// out[i] = min(a[i], b[i]); NaN if either is NaN, min(-0, +0) = -0
export function minimum_f32(a: usize, b: usize, out: usize, start: i32, end: i32): void { binary(MIN, a, b, out, start, end); }

// Strided kernels walk [start, end) row by row, a row being the last dim; the offsets of each operand
// advance by the stride of dim rank-2 and are recomputed from scratch (rowOffset) only when that dim wraps.

// @ts-ignore: decorator
@inline function binaryStrided(op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  if (start >= end) return;
  const last = metaRank(meta) - 1;
  const len = metaDim(meta, last), mid = metaMid(meta);
  const ia = metaStride(meta, 0, last), ib = metaStride(meta, 1, last);
  const ma = metaMidStride(meta, 0), mb = metaMidStride(meta, 1);
  let r = start / len, j = start - r * len, k = r % mid;
  let oa = rowOffset(meta, 0, r), ob = rowOffset(meta, 1, r);
  for (let i = start; i < end; ) {
    const n = min(len - j, end - i);
    binaryRow(op, a + (<usize>(oa + j * ia) << 2), ia, b + (<usize>(ob + j * ib) << 2), ib, out + (<usize>i << 2), n);
    i += n; j = 0; r++;
    if (++k < mid) { oa += ma; ob += mb; } else { k = 0; oa = rowOffset(meta, 0, r); ob = rowOffset(meta, 1, r); }
  }
}

// the strided walk of binaryStrided with scalar rows only, op a runtime value (pow, floorDiv, mod)
function scalarStrided(op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  if (start >= end) return;
  const last = metaRank(meta) - 1;
  const len = metaDim(meta, last);
  const ia = <usize>metaStride(meta, 0, last) << 2, ib = <usize>metaStride(meta, 1, last) << 2;
  let r = start / len, j = start - r * len;
  for (let i = start; i < end; r++, j = 0) {
    let pa = a + (<usize>(rowOffset(meta, 0, r)) << 2) + <usize>j * ia, pb = b + (<usize>(rowOffset(meta, 1, r)) << 2) + <usize>j * ib;
    for (const e = i + min(len - j, end - i); i < e; i++) {
      store<f32>(out + (<usize>i << 2), binaryS(op, load<f32>(pa), load<f32>(pb)));
      pa += ia;
      pb += ib;
    }
  }
}

// out[i] = a[offset_a(i)] op b[offset_b(i)]; op: 0 add, 1 sub, 2 mul, 3 div, 4 pow, 5 maximum, 6 minimum,
// 7 floorDiv ⌊a/b⌋, 8 mod (sign of b)
export function binary_f32(op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  switch (op) {
    case ADD: binaryStrided(ADD, a, b, out, meta, start, end); break;
    case SUB: binaryStrided(SUB, a, b, out, meta, start, end); break;
    case MUL: binaryStrided(MUL, a, b, out, meta, start, end); break;
    case DIV: binaryStrided(DIV, a, b, out, meta, start, end); break;
    // NOTE: the scalar-only ops share one loop, op a runtime value there (module size)
    case POW: case FLOORDIV: case MOD: scalarStrided(op, a, b, out, meta, start, end); break;
    case MAX: binaryStrided(MAX, a, b, out, meta, start, end); break;
    case MIN: binaryStrided(MIN, a, b, out, meta, start, end); break;
    default: unreachable();
  }
}

// ---- compare --------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function compareV(op: i32, a: v128, b: v128): v128 {
  if (op == EQ) return f32x4.eq(a, b);
  if (op == NE) return f32x4.ne(a, b);
  if (op == LT) return f32x4.lt(a, b);
  if (op == LE) return f32x4.le(a, b);
  if (op == GT) return f32x4.gt(a, b);
  return f32x4.ge(a, b);
}

// @ts-ignore: decorator
@inline function compareS(op: i32, a: f32, b: f32): bool {
  if (op == EQ) return a == b;
  if (op == NE) return a != b;
  if (op == LT) return a < b;
  if (op == LE) return a <= b;
  if (op == GT) return a > b;
  return a >= b;
}

// sixteen 0/-1 lane masks → sixteen 0/1 bytes
// @ts-ignore: decorator
@inline function masksToBytes(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
  return v128.and(bytes, i8x16.splat(1));
}

// out[t] = a[t·sa] cmp b[t·sb] ? 1 : 0 as bytes; 16 lanes per trip when the strides are (1,1), (1,0) or (0,1)
// @ts-ignore: decorator
@inline function compareRow(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  let t = 0;
  if (<u32>sa <= 1 && <u32>sb <= 1 && (sa | sb) == 1) {
    if (sa == 1 && sb == 1) {
      for (; t + 16 <= n; t += 16) {
        const o = <usize>t << 2;
        const m0 = compareV(op, v128.load(a + o), v128.load(b + o));
        const m1 = compareV(op, v128.load(a + o, 16), v128.load(b + o, 16));
        const m2 = compareV(op, v128.load(a + o, 32), v128.load(b + o, 32));
        const m3 = compareV(op, v128.load(a + o, 48), v128.load(b + o, 48));
        v128.store(out + <usize>t, masksToBytes(m0, m1, m2, m3));
      }
    } else if (sa == 1) {
      const vb = v128.load32_splat(b);
      for (; t + 16 <= n; t += 16) {
        const o = <usize>t << 2;
        const m0 = compareV(op, v128.load(a + o), vb);
        const m1 = compareV(op, v128.load(a + o, 16), vb);
        const m2 = compareV(op, v128.load(a + o, 32), vb);
        const m3 = compareV(op, v128.load(a + o, 48), vb);
        v128.store(out + <usize>t, masksToBytes(m0, m1, m2, m3));
      }
    } else {
      const va = v128.load32_splat(a);
      for (; t + 16 <= n; t += 16) {
        const o = <usize>t << 2;
        const m0 = compareV(op, va, v128.load(b + o));
        const m1 = compareV(op, va, v128.load(b + o, 16));
        const m2 = compareV(op, va, v128.load(b + o, 32));
        const m3 = compareV(op, va, v128.load(b + o, 48));
        v128.store(out + <usize>t, masksToBytes(m0, m1, m2, m3));
      }
    }
  }
  const sa4 = <usize>sa << 2, sb4 = <usize>sb << 2;
  let pa = a + <usize>t * sa4, pb = b + <usize>t * sb4;
  for (; t < n; t++) {
    store<u8>(out + <usize>t, <u8>compareS(op, load<f32>(pa), load<f32>(pb)));
    pa += sa4;
    pb += sb4;
  }
}

// @ts-ignore: decorator
@inline function compareStrided(op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  if (start >= end) return;
  const last = metaRank(meta) - 1;
  const len = metaDim(meta, last), mid = metaMid(meta);
  const ia = metaStride(meta, 0, last), ib = metaStride(meta, 1, last);
  const ma = metaMidStride(meta, 0), mb = metaMidStride(meta, 1);
  let r = start / len, j = start - r * len, k = r % mid;
  let oa = rowOffset(meta, 0, r), ob = rowOffset(meta, 1, r);
  for (let i = start; i < end; ) {
    const n = min(len - j, end - i);
    compareRow(op, a + (<usize>(oa + j * ia) << 2), ia, b + (<usize>(ob + j * ib) << 2), ib, out + <usize>i, n);
    i += n; j = 0; r++;
    if (++k < mid) { oa += ma; ob += mb; } else { k = 0; oa = rowOffset(meta, 0, r); ob = rowOffset(meta, 1, r); }
  }
}

// out[i] = a[offset_a(i)] cmp b[offset_b(i)] ? 1 : 0 (u8); cmp: 0 ==, 1 !=, 2 <, 3 <=, 4 >, 5 >= (IEEE: NaN only !=)
export function compare_f32(op: i32, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  switch (op) {
    case EQ: compareStrided(EQ, a, b, out, meta, start, end); break;
    case NE: compareStrided(NE, a, b, out, meta, start, end); break;
    case LT: compareStrided(LT, a, b, out, meta, start, end); break;
    case LE: compareStrided(LE, a, b, out, meta, start, end); break;
    case GT: compareStrided(GT, a, b, out, meta, start, end); break;
    case GE: compareStrided(GE, a, b, out, meta, start, end); break;
    default: unreachable();
  }
}

// ---- where ----------------------------------------------------------------------------------------

// out[t] = c[t·sc] ? a[t·sa] : b[t·sb] for t < n0, four lanes per trip; C1/A1/B1 say whether that operand
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

// @ts-ignore: decorator
@inline function whereRow(c: usize, sc: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
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

// out[i] = cond[offset_c(i)] != 0 ? a[offset_a(i)] : b[offset_b(i)]; 32-bit words (f32 or i32), cond u8
export function where_32(cond: usize, a: usize, b: usize, out: usize, meta: usize, start: i32, end: i32): void {
  if (start >= end) return;
  const last = metaRank(meta) - 1;
  const len = metaDim(meta, last), mid = metaMid(meta);
  const ic = metaStride(meta, 0, last), ia = metaStride(meta, 1, last), ib = metaStride(meta, 2, last);
  const mc = metaMidStride(meta, 0), ma = metaMidStride(meta, 1), mb = metaMidStride(meta, 2);
  let r = start / len, j = start - r * len, k = r % mid;
  let oc = rowOffset(meta, 0, r), oa = rowOffset(meta, 1, r), ob = rowOffset(meta, 2, r);
  for (let i = start; i < end; ) {
    const n = min(len - j, end - i);
    whereRow(cond + <usize>(oc + j * ic), ic, a + (<usize>(oa + j * ia) << 2), ia, b + (<usize>(ob + j * ib) << 2), ib,
      out + (<usize>i << 2), n);
    i += n; j = 0; r++;
    if (++k < mid) { oc += mc; oa += ma; ob += mb; } else {
      k = 0; oc = rowOffset(meta, 0, r); oa = rowOffset(meta, 1, r); ob = rowOffset(meta, 2, r);
    }
  }
}
