// Unary kernels out[i] = f(x[i]) over [start, end): f32 (neg … softplus, clip, floor … erf) and i32 (neg, abs, sign, square)

import { Un } from "./opcodes";
import { expV, expm1V, logV, log1pV, sigmoidV, tanhV } from "./math";
import { trigV } from "./trig";
import { wideV } from "./wide";
import { loadTail, storeTail } from "./simd";

// Two dispatch schemes. The hot ops (neg … relu) get one unrolled loop per kernel, the op a constant after
// inlining. The others share one loop with the op a runtime value (one branch per 4 elements), which keeps
// one copy of each approximation in the module.

// ---- one loop per kernel ------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function eachV(op: i32, v: v128): v128 {
  if (op == Un.NEG) return f32x4.neg(v);
  if (op == Un.ABS) return f32x4.abs(v);
  if (op == Un.EXP) return expV(v);
  if (op == Un.LOG) return logV(v);
  if (op == Un.SQRT) return f32x4.sqrt(v);
  if (op == Un.SQUARE) return f32x4.mul(v, v);
  if (op == Un.TANH) return tanhV(v);
  if (op == Un.SIGMOID) return sigmoidV(v);
  return f32x4.max(v, f32x4.splat(0)); // RELU; NOTE: max keeps NaN (as TF) and maps -0 to +0
}

// out[i] = f(x[i]) over [start, end); op is a constant after inlining, so each kernel gets its own loop.
// The 1–3 element tail runs through the same vector code, so a value never depends on its position.
// @ts-ignore: decorator
@inline function mapEach(op: i32, x: usize, out: usize, start: i32, end: i32): void {
  let i = start;
  if (op == Un.NEG || op == Un.ABS || op == Un.SQRT || op == Un.SQUARE || op == Un.RELU) {
    for (; i + 16 <= end; i += 16) { // memory-bound: 4 vectors per trip
      const o = <usize>i << 2;
      const v0 = v128.load(x + o), v1 = v128.load(x + o, 16), v2 = v128.load(x + o, 32), v3 = v128.load(x + o, 48);
      v128.store(out + o, eachV(op, v0));
      v128.store(out + o, eachV(op, v1), 16);
      v128.store(out + o, eachV(op, v2), 32);
      v128.store(out + o, eachV(op, v3), 48);
    }
  } else {
    for (; i + 8 <= end; i += 8) { // two independent vectors per trip overlap the polynomial chains (~15%)
      const o = <usize>i << 2;
      const v0 = v128.load(x + o), v1 = v128.load(x + o, 16);
      v128.store(out + o, eachV(op, v0));
      v128.store(out + o, eachV(op, v1), 16);
    }
  }
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, eachV(op, v128.load(x + o)));
  }
  if (i < end) {
    const o = <usize>i << 2;
    storeTail(out + o, eachV(op, loadTail(x + o, end - i)), end - i);
  }
}

// out[i] = -x[i]
export function neg_f32(x: usize, out: usize, start: i32, end: i32): void { mapEach(Un.NEG, x, out, start, end); }
// out[i] = |x[i]|
export function abs_f32(x: usize, out: usize, start: i32, end: i32): void { mapEach(Un.ABS, x, out, start, end); }
// out[i] = exp(x[i])  (see math.ts: Cephes expf)
export function exp_f32(x: usize, out: usize, start: i32, end: i32): void { mapEach(Un.EXP, x, out, start, end); }
// out[i] = log(x[i])  (see math.ts: Cephes logf)
export function log_f32(x: usize, out: usize, start: i32, end: i32): void { mapEach(Un.LOG, x, out, start, end); }
// out[i] = √x[i]  (IEEE, correctly rounded)
export function sqrt_f32(x: usize, out: usize, start: i32, end: i32): void { mapEach(Un.SQRT, x, out, start, end); }
// out[i] = x[i]·x[i]
export function square_f32(x: usize, out: usize, start: i32, end: i32): void { mapEach(Un.SQUARE, x, out, start, end); }
// out[i] = tanh(x[i])  (see math.ts: Cephes tanhf)
export function tanh_f32(x: usize, out: usize, start: i32, end: i32): void { mapEach(Un.TANH, x, out, start, end); }
// out[i] = 1/(1 + exp(-x[i]))  (see math.ts)
export function sigmoid_f32(x: usize, out: usize, start: i32, end: i32): void { mapEach(Un.SIGMOID, x, out, start, end); }
// out[i] = max(x[i], 0); NaN stays NaN
export function relu_f32(x: usize, out: usize, start: i32, end: i32): void { mapEach(Un.RELU, x, out, start, end); }

// ---- one shared loop ---------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function sharedV(op: i32, v: v128, lo: v128, hi: v128): v128 {
  switch (op) {
    case Un.SIGN: { // ±1 with the sign of x; ±0 and NaN are returned as they are (NaN → NaN as numpy)
      const one = v128.or(v128.and(v, i32x4.splat(0x80000000)), f32x4.splat(1.0));
      return v128.bitselect(v, one, v128.or(f32x4.eq(v, f32x4.splat(0)), f32x4.ne(v, v)));
    }
    // NOTE: each approximation is inlined once: the ops built on it share its call
    case Un.LOG1P: case Un.SOFTPLUS: {
      // softplus x = max(x, 0) + log1p(exp(−|x|)): exp never overflows and large x give x exactly
      if (op == Un.LOG1P) return log1pV(v);
      return f32x4.add(f32x4.max(v, f32x4.splat(0)), log1pV(expV(f32x4.neg(f32x4.abs(v)))));
    }
    case Un.EXPM1: case Un.ELU: {
      const e = expm1V(v);
      return op == Un.ELU ? v128.bitselect(v, e, f32x4.gt(v, f32x4.splat(0))) : e;
    }
    // NOTE: two correctly rounded steps (√ then 1/·): ≤ 1.5 ulp; rsqrt(±0) = ±Inf, rsqrt(x < 0) = NaN
    case Un.RSQRT: return f32x4.div(f32x4.splat(1.0), f32x4.sqrt(v));
    case Un.RECIPROCAL: return f32x4.div(f32x4.splat(1.0), v); // correctly rounded; 1/±0 = ±Inf
    case Un.SIN: case Un.COS: case Un.TAN: return trigV(op, v);
    // NOTE: f32x4.max/min propagate NaN, so clip(NaN) = NaN (TF)
    case Un.CLIP: return f32x4.min(f32x4.max(v, lo), hi);
    // NOTE: exact; nearest rounds half to even (TF's round)
    case Un.FLOOR: return f32x4.floor(v);
    case Un.CEIL: return f32x4.ceil(v);
    case Un.ROUND: return f32x4.nearest(v);
    case Un.SINH: case Un.COSH: case Un.ASINH: case Un.ACOSH: case Un.ATANH: case Un.ASIN: case Un.ACOS: case Un.ATAN: case Un.ERF:
      return wideV(op, v); // see wide.ts: through f64, ≤ 1 ulp
    case Un.NEG_I: return i32x4.neg(v);
    case Un.ABS_I: return i32x4.abs(v); // abs(-2^31) = -2^31 (wraps, as TF)
    case Un.SIGN_I: return i32x4.sub(i32x4.lt_s(v, i32x4.splat(0)), i32x4.gt_s(v, i32x4.splat(0)));
    default: return i32x4.mul(v, v); // SQUARE_I, wrapping
  }
}

// out[i] = f(x[i]) over [start, end), four at a time; the 1–3 element tail runs the same vector code
function mapShared(op: i32, x: usize, out: usize, lo: v128, hi: v128, start: i32, end: i32): void {
  for (let i = start; i < end; i += 4) {
    const o = <usize>i << 2, n = end - i;
    const y = sharedV(op, n >= 4 ? v128.load(x + o) : loadTail(x + o, n), lo, hi);
    if (n >= 4) v128.store(out + o, y);
    else storeTail(out + o, y, n);
  }
}

// mapShared for the kernels without bounds
// @ts-ignore: decorator
@inline function mapZero(op: i32, x: usize, out: usize, start: i32, end: i32): void {
  mapShared(op, x, out, i32x4.splat(0), i32x4.splat(0), start, end);
}

// out[i] = sign(x[i]) ∈ {-1, ±0, 1}; NaN stays NaN
export function sign_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.SIGN, x, out, start, end); }
// out[i] = log(1 + x[i])  (see math.ts: fdlibm log1pf)
export function log1p_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.LOG1P, x, out, start, end); }
// out[i] = exp(x[i]) − 1  (see math.ts: fdlibm expm1f)
export function expm1_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.EXPM1, x, out, start, end); }
// out[i] = 1/√x[i]
export function rsqrt_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.RSQRT, x, out, start, end); }
// out[i] = 1/x[i]
export function reciprocal_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.RECIPROCAL, x, out, start, end); }
// out[i] = sin(x[i])  (see trig.ts: f64 Cody–Waite / Payne–Hanek reduction)
export function sin_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.SIN, x, out, start, end); }
// out[i] = cos(x[i])
export function cos_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.COS, x, out, start, end); }
// out[i] = tan(x[i])
export function tan_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.TAN, x, out, start, end); }
// out[i] = x[i] > 0 ? x[i] : exp(x[i]) − 1  (alpha 1, as tfjs)
export function elu_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.ELU, x, out, start, end); }
// out[i] = log(1 + exp(x[i])), computed as max(x, 0) + log1p(exp(−|x|))
export function softplus_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.SOFTPLUS, x, out, start, end); }
// out[i] = min(max(x[i], lo), hi); NaN stays NaN
export function clip_f32(x: usize, out: usize, lo: f32, hi: f32, start: i32, end: i32): void {
  mapShared(Un.CLIP, x, out, f32x4.splat(lo), f32x4.splat(hi), start, end);
}
// out[i] = ⌊x[i]⌋, ⌈x[i]⌉, x[i] rounded half to even (exact; ±0, ±Inf and NaN kept)
export function floor_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.FLOOR, x, out, start, end); }
export function ceil_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.CEIL, x, out, start, end); }
export function round_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.ROUND, x, out, start, end); }
// out[i] = f(x[i]) for the hyperbolic, inverse trigonometric and error functions (see wide.ts)
export function sinh_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.SINH, x, out, start, end); }
export function cosh_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.COSH, x, out, start, end); }
export function asinh_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.ASINH, x, out, start, end); }
export function acosh_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.ACOSH, x, out, start, end); }
export function atanh_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.ATANH, x, out, start, end); }
export function asin_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.ASIN, x, out, start, end); }
export function acos_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.ACOS, x, out, start, end); }
export function atan_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.ATAN, x, out, start, end); }
export function erf_f32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.ERF, x, out, start, end); }
// out[i] = −x[i] (i32, wrapping)
export function neg_i32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.NEG_I, x, out, start, end); }
// out[i] = |x[i]| (i32, wrapping)
export function abs_i32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.ABS_I, x, out, start, end); }
// out[i] = sign(x[i]) ∈ {-1, 0, 1} (i32)
export function sign_i32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.SIGN_I, x, out, start, end); }
// out[i] = x[i]·x[i] (i32, wrapping)
export function square_i32(x: usize, out: usize, start: i32, end: i32): void { mapZero(Un.SQUARE_I, x, out, start, end); }
