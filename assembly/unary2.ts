// Contiguous unary kernels, second batch: f32 sign log1p expm1 rsqrt sin cos tan elu softplus clip, i32 neg abs sign square

import { expV } from "./math";
import { expm1V, log1pV, trigV } from "./math2";
import { loadTail, storeTail } from "./simd";

// @ts-ignore: decorator
@inline const SIGN = 0;
// @ts-ignore: decorator
@inline const LOG1P = 1;
// @ts-ignore: decorator
@inline const EXPM1 = 2;
// @ts-ignore: decorator
@inline const RSQRT = 3;
// @ts-ignore: decorator
@inline const SIN = 4;
// @ts-ignore: decorator
@inline const COS = 5;
// @ts-ignore: decorator
@inline const TAN = 6;
// @ts-ignore: decorator
@inline const ELU = 7;
// @ts-ignore: decorator
@inline const SOFTPLUS = 8;
// @ts-ignore: decorator
@inline const CLIP = 9;
// @ts-ignore: decorator
@inline const NEG_I = 10;
// @ts-ignore: decorator
@inline const ABS_I = 11;
// @ts-ignore: decorator
@inline const SIGN_I = 12;
// @ts-ignore: decorator
@inline const SQUARE_I = 13;

// one vector of op; op is a runtime value here: every kernel below shares one loop (and one copy of each
// approximation), which keeps the module small; the dispatch costs one branch per 4 elements
// @ts-ignore: decorator
@inline function unaryV(op: i32, v: v128, lo: v128, hi: v128): v128 {
  switch (op) {
    case SIGN: { // ±1 with the sign of x; ±0 and NaN are returned as they are (NaN → NaN as numpy)
      const one = v128.or(v128.and(v, i32x4.splat(0x80000000)), f32x4.splat(1.0));
      return v128.bitselect(v, one, v128.or(f32x4.eq(v, f32x4.splat(0)), f32x4.ne(v, v)));
    }
    // NOTE: each approximation is inlined once: the ops built on it share its call
    case LOG1P: case SOFTPLUS: {
      // softplus x = max(x, 0) + log1p(exp(−|x|)): exp never overflows and large x give x exactly
      if (op == LOG1P) return log1pV(v);
      return f32x4.add(f32x4.max(v, f32x4.splat(0)), log1pV(expV(f32x4.neg(f32x4.abs(v)))));
    }
    case EXPM1: case ELU: {
      const e = expm1V(v);
      return op == ELU ? v128.bitselect(v, e, f32x4.gt(v, f32x4.splat(0))) : e;
    }
    // NOTE: two correctly rounded steps (√ then 1/·): ≤ 1.5 ulp; rsqrt(±0) = ±Inf, rsqrt(x < 0) = NaN
    case RSQRT: return f32x4.div(f32x4.splat(1.0), f32x4.sqrt(v));
    case SIN: case COS: case TAN: return trigV(op - SIN, v);
    // NOTE: f32x4.max/min propagate NaN, so clip(NaN) = NaN (TF)
    case CLIP: return f32x4.min(f32x4.max(v, lo), hi);
    case NEG_I: return i32x4.neg(v);
    case ABS_I: return i32x4.abs(v); // abs(-2^31) = -2^31 (wraps, as TF)
    case SIGN_I: return i32x4.sub(i32x4.lt_s(v, i32x4.splat(0)), i32x4.gt_s(v, i32x4.splat(0)));
    default: return i32x4.mul(v, v); // SQUARE_I, wrapping
  }
}

// out[i] = f(x[i]) over [start, end), four at a time; the 1–3 element tail runs the same vector code
function unary(op: i32, x: usize, out: usize, lo: v128, hi: v128, start: i32, end: i32): void {
  for (let i = start; i < end; i += 4) {
    const o = <usize>i << 2, n = end - i;
    const y = unaryV(op, n >= 4 ? v128.load(x + o) : loadTail(x + o, n), lo, hi);
    if (n >= 4) v128.store(out + o, y);
    else storeTail(out + o, y, n);
  }
}

// @ts-ignore: decorator
@inline function map(op: i32, x: usize, out: usize, start: i32, end: i32): void {
  unary(op, x, out, i32x4.splat(0), i32x4.splat(0), start, end);
}

// out[i] = sign(x[i]) ∈ {-1, ±0, 1}; NaN stays NaN
export function sign_f32(x: usize, out: usize, start: i32, end: i32): void { map(SIGN, x, out, start, end); }
// out[i] = log(1 + x[i])  (see math2.ts: fdlibm log1pf)
export function log1p_f32(x: usize, out: usize, start: i32, end: i32): void { map(LOG1P, x, out, start, end); }
// out[i] = exp(x[i]) − 1  (see math2.ts: fdlibm expm1f)
export function expm1_f32(x: usize, out: usize, start: i32, end: i32): void { map(EXPM1, x, out, start, end); }
// out[i] = 1/√x[i]
export function rsqrt_f32(x: usize, out: usize, start: i32, end: i32): void { map(RSQRT, x, out, start, end); }
// out[i] = sin(x[i])  (see math2.ts: f64 Cody–Waite / Payne–Hanek reduction)
export function sin_f32(x: usize, out: usize, start: i32, end: i32): void { map(SIN, x, out, start, end); }
// out[i] = cos(x[i])
export function cos_f32(x: usize, out: usize, start: i32, end: i32): void { map(COS, x, out, start, end); }
// out[i] = tan(x[i])
export function tan_f32(x: usize, out: usize, start: i32, end: i32): void { map(TAN, x, out, start, end); }
// out[i] = x[i] > 0 ? x[i] : exp(x[i]) − 1  (alpha 1, as tfjs)
export function elu_f32(x: usize, out: usize, start: i32, end: i32): void { map(ELU, x, out, start, end); }
// out[i] = log(1 + exp(x[i])), computed as max(x, 0) + log1p(exp(−|x|))
export function softplus_f32(x: usize, out: usize, start: i32, end: i32): void { map(SOFTPLUS, x, out, start, end); }
// out[i] = min(max(x[i], lo), hi); NaN stays NaN
export function clip_f32(x: usize, out: usize, lo: f32, hi: f32, start: i32, end: i32): void {
  unary(CLIP, x, out, f32x4.splat(lo), f32x4.splat(hi), start, end);
}
// out[i] = −x[i] (i32, wrapping)
export function neg_i32(x: usize, out: usize, start: i32, end: i32): void { map(NEG_I, x, out, start, end); }
// out[i] = |x[i]| (i32, wrapping)
export function abs_i32(x: usize, out: usize, start: i32, end: i32): void { map(ABS_I, x, out, start, end); }
// out[i] = sign(x[i]) ∈ {-1, 0, 1} (i32)
export function sign_i32(x: usize, out: usize, start: i32, end: i32): void { map(SIGN_I, x, out, start, end); }
// out[i] = x[i]·x[i] (i32, wrapping)
export function square_i32(x: usize, out: usize, start: i32, end: i32): void { map(SQUARE_I, x, out, start, end); }
