// f64x2 cores for the f32 kernels that need headroom (sinh cosh asinh acosh atanh asin acos atan atan2 erf)

// Each f32 lane is widened to f64, the function is evaluated there and the result rounded once to f32. The cores
// below are accurate to ~1e-12 relative (far below 2^-24), so the f32 result is the correctly rounded one except
// within ~1e-4 ulp of a rounding boundary: ≤ 0.51 ulp, measured ≤ 1 ulp by the kernel sweeps.
// The series and reductions are textbook (Abramowitz & Stegun 4.1.27, 4.4.42, 4.5.*, 7.1.5); own code.

import { ERF_COEF, ERF_DEG } from "./erftable";
import { Un } from "./opcodes";

// @ts-ignore: decorator
@inline const LN2: f64 = 0.6931471805599453;
// ln 2 split (fdlibm): LN2_HI has its low 32 bits zero, so n·LN2_HI is exact for |n| < 2^20
// @ts-ignore: decorator
@inline const LN2_HI: f64 = 6.93147180369123816490e-01;
// @ts-ignore: decorator
@inline const LN2_LO: f64 = 1.90821492927058770002e-10;
// @ts-ignore: decorator
@inline const PI: f64 = 3.141592653589793;

// @ts-ignore: decorator
@inline function sp(v: f64): v128 { return f64x2.splat(v); }
// @ts-ignore: decorator
@inline function copysignD(mag: v128, sign: v128): v128 {
  return v128.or(v128.and(mag, i64x2.splat(0x7fffffffffffffff)), v128.and(sign, i64x2.splat(0x8000000000000000)));
}

// exp(d) for d ∈ [-745, 709] (callers clamp): n = round(d/ln2), r = d − n·ln2 (Cody–Waite, |r| ≤ ln2/2),
// exp(r) by its Taylor series to r¹⁰ (remainder < 0.35¹¹/11! ≈ 2e-13), times 2^n built in the exponent field
// (split in two factors so that n < −1022 still scales correctly)
function expD(d: v128): v128 {
  const fn = f64x2.nearest(f64x2.mul(d, sp(1.4426950408889634)));
  const r = f64x2.sub(f64x2.sub(d, f64x2.mul(fn, sp(LN2_HI))), f64x2.mul(fn, sp(LN2_LO)));
  let p = sp(1.0 / 3628800);
  p = f64x2.add(f64x2.mul(p, r), sp(1.0 / 362880));
  p = f64x2.add(f64x2.mul(p, r), sp(1.0 / 40320));
  p = f64x2.add(f64x2.mul(p, r), sp(1.0 / 5040));
  p = f64x2.add(f64x2.mul(p, r), sp(1.0 / 720));
  p = f64x2.add(f64x2.mul(p, r), sp(1.0 / 120));
  p = f64x2.add(f64x2.mul(p, r), sp(1.0 / 24));
  p = f64x2.add(f64x2.mul(p, r), sp(1.0 / 6));
  p = f64x2.add(f64x2.mul(p, r), sp(0.5));
  p = f64x2.add(f64x2.mul(p, r), sp(1.0));
  p = f64x2.add(f64x2.mul(p, r), sp(1.0));
  const n = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(fn));
  const n1 = i64x2.shr_s(n, 1), n2 = i64x2.sub(n, n1);
  const s1 = i64x2.shl(i64x2.add(n1, i64x2.splat(1023)), 52), s2 = i64x2.shl(i64x2.add(n2, i64x2.splat(1023)), 52);
  return f64x2.mul(f64x2.mul(p, s1), s2);
}

// log(d) for normal d > 0 (log(+Inf) = +Inf, log(0) = -Inf, d < 0 or NaN → NaN): d = m·2^e with m ∈ [√½, √2),
// log m = 2·atanh(f), f = (m − 1)/(m + 1), |f| ≤ 0.1716, by its series to f¹⁵ (remainder < 0.0295⁸/17 ≈ 3e-14)
function logD(d: v128): v128 {
  let e = i64x2.sub(i64x2.shr_u(d, 52), i64x2.splat(1023));
  let m = v128.or(v128.and(d, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000)); // [1, 2)
  const hi = f64x2.gt(m, sp(1.4142135623730951));
  m = v128.bitselect(f64x2.mul(m, sp(0.5)), m, hi);
  e = i64x2.sub(e, hi); // hi lanes are −1
  const f = f64x2.div(f64x2.sub(m, sp(1.0)), f64x2.add(m, sp(1.0)));
  const s = f64x2.mul(f, f);
  let p = sp(1.0 / 15);
  p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 13));
  p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 11));
  p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 9));
  p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 7));
  p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 5));
  p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 3));
  p = f64x2.add(f64x2.mul(p, s), sp(1.0));
  const fe = f64x2.convert_low_i32x4_s(v128.shuffle<i32>(e, e, 0, 2, 0, 2));
  let r = f64x2.add(f64x2.mul(fe, sp(LN2)), f64x2.mul(f64x2.add(f, f), p));
  r = v128.bitselect(sp(Infinity), r, f64x2.eq(d, sp(Infinity)));
  r = v128.bitselect(sp(-Infinity), r, f64x2.eq(d, sp(0)));
  return v128.bitselect(sp(NaN), r, v128.not(f64x2.ge(d, sp(0)))); // d < 0 or NaN
}

// atan(t): odd; |t| > 1 → π/2 − atan(1/|t|); |t| > tan(π/8) → π/4 + atan((|t| − 1)/(|t| + 1)); then |a| ≤ 0.4142
// and atan a = a·Σ (−a²)^k/(2k+1) to k = 13 (remainder < 0.1716¹⁴/29 ≈ 6e-13). atan(±Inf) = ±π/2, NaN → NaN.
function atanD(t: v128): v128 {
  let a = f64x2.abs(t);
  const inv = f64x2.gt(a, sp(1.0));
  a = v128.bitselect(f64x2.div(sp(1.0), a), a, inv);
  const mid = f64x2.gt(a, sp(0.41421356237309503));
  a = v128.bitselect(f64x2.div(f64x2.sub(a, sp(1.0)), f64x2.add(a, sp(1.0))), a, mid);
  const s = f64x2.mul(a, a);
  let p = sp(-1.0 / 27);
  p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 25));
  p = f64x2.add(f64x2.mul(p, s), sp(-1.0 / 23));
  p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 21));
  p = f64x2.add(f64x2.mul(p, s), sp(-1.0 / 19));
  p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 17));
  p = f64x2.add(f64x2.mul(p, s), sp(-1.0 / 15));
  p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 13));
  p = f64x2.add(f64x2.mul(p, s), sp(-1.0 / 11));
  p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 9));
  p = f64x2.add(f64x2.mul(p, s), sp(-1.0 / 7));
  p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 5));
  p = f64x2.add(f64x2.mul(p, s), sp(-1.0 / 3));
  p = f64x2.add(f64x2.mul(p, s), sp(1.0));
  let r = f64x2.add(f64x2.mul(a, p), v128.and(mid, sp(PI / 4)));
  r = v128.bitselect(f64x2.sub(sp(PI / 2), r), r, inv);
  return copysignD(r, t);
}

// erf(d) by interval of |x| (coefficients from scripts/gen-erf-table.py, see erftable.ts): below ½ the Maclaurin
// series x·P(x²) (relative error kept down to the subnormals), on [k/2, k/2 + ½) the Taylor series at the
// midpoint, |h| ≤ ¼, both of degree 13 (≤ 1.4e-13 relative in float64). Each lane reads its own row. erf is ±1 in
// f32 from |x| ≥ 4 on (erfc(4) ≈ 1.5e-8 < 2^-25). erf(±0) = ±0, NaN → NaN.
function erfD(d: v128): v128 {
  const a = f64x2.abs(d), ac = f64x2.pmin(a, sp(3.999)); // NaN stays NaN (and reads row 0)
  const k = i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(ac, sp(2.0)));
  const maclaurin = f64x2.lt(ac, sp(0.5));
  const mid = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(k), sp(0.5)), sp(0.25));
  const h = v128.bitselect(f64x2.mul(ac, ac), f64x2.sub(ac, mid), maclaurin);
  const row = (ERF_DEG + 1) << 3, base = changetype<usize>(ERF_COEF);
  const p0 = base + <usize>(i32x4.extract_lane(k, 0) * row), p1 = base + <usize>(i32x4.extract_lane(k, 1) * row);
  let p = sp(0);
  for (let j = 0; j <= ERF_DEG; j++) {
    const o = <usize>j << 3;
    p = f64x2.add(f64x2.mul(p, h), f64x2.replace_lane(f64x2.splat(load<f64>(p0 + o)), 1, load<f64>(p1 + o)));
  }
  let r = v128.bitselect(f64x2.mul(p, ac), p, maclaurin);
  r = v128.bitselect(sp(1.0), r, f64x2.ge(a, sp(4.0)));
  return copysignD(r, d);
}

// atan2(y, x) on scalars through atanD: the quadrant from the signs (x = −0 counts as negative, as C's atan2),
// atan2(±0, ±0) and atan2(±Inf, ±Inf) as C; NaN in either → NaN
export function atan2D(y: f64, x: f64): f64 {
  if (isNaN(x) || isNaN(y)) return NaN;
  const neg = (reinterpret<u64>(x) >> 63) != 0;
  let t: f64;
  if (!isFinite(x) && !isFinite(y)) t = neg ? 3 * PI / 4 : PI / 4;
  else if (x == 0 && y == 0) t = neg ? PI : 0;
  else {
    t = f64x2.extract_lane(atanD(f64x2.splat(Math.abs(y) / Math.abs(x))), 0);
    if (neg) t = PI - t;
  }
  return copysign<f64>(t, y);
}

// the wide ops on one f64x2 half: each core runs at one call site, shared by the ops built on it (not inlined:
// wideV calls it twice)
function wideD(op: i32, d: v128): v128 {
  const a = f64x2.abs(d);
  if (op == Un.SINH || op == Un.COSH) {
    // sinh = (E − 1/E)/2 and cosh = (E + 1/E)/2 with E = e^|x| (|x| clamped at 200: both overflow f32 long
    // before); sinh takes its Taylor series below 0.5, where E − 1/E cancels (remainder < 0.5¹³/13! ≈ 2e-14)
    const E = expD(f64x2.pmin(a, sp(200.0))), iE = f64x2.div(sp(1.0), E);
    if (op == Un.COSH) return f64x2.mul(f64x2.add(E, iE), sp(0.5));
    const s = f64x2.mul(a, a);
    let p = sp(1.0 / 39916800);
    p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 362880));
    p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 5040));
    p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 120));
    p = f64x2.add(f64x2.mul(p, s), sp(1.0 / 6));
    const small = f64x2.add(a, f64x2.mul(f64x2.mul(a, s), p));
    return copysignD(v128.bitselect(small, f64x2.mul(f64x2.sub(E, iE), sp(0.5)), f64x2.lt(a, sp(0.5))), d);
  }
  if (op == Un.ASINH || op == Un.ACOSH || op == Un.ATANH) {
    // asinh |x| = log(|x| + √(x² + 1)), acosh x = log(x + √((x − 1)(x + 1))) (NaN below 1), atanh |x| = ½·log((1 + |x|)/(1 − |x|));
    // below 2^-10 the log's argument 1 + O(x) loses x's low digits, so asinh and atanh take their series
    // x ∓ x³/6 + 3x⁵/40 and x + x³/3 + x⁵/5 there (remainders < 1e-20 relative)
    const one = sp(1.0);
    let arg: v128;
    if (op == Un.ASINH) arg = f64x2.add(a, f64x2.sqrt(f64x2.add(f64x2.mul(a, a), one)));
    else if (op == Un.ACOSH) arg = f64x2.add(d, f64x2.sqrt(f64x2.mul(f64x2.sub(d, one), f64x2.add(d, one))));
    else arg = f64x2.div(f64x2.add(one, a), f64x2.sub(one, a));
    const L = logD(arg);
    if (op == Un.ACOSH) return v128.bitselect(L, sp(NaN), f64x2.ge(d, one)); // x < 1 (where x + √… can cancel) or NaN
    const s = f64x2.mul(a, a);
    const up = op == Un.ATANH;
    const p = f64x2.add(sp(up ? 1.0 / 3 : -1.0 / 6), f64x2.mul(s, sp(up ? 1.0 / 5 : 3.0 / 40)));
    const small = f64x2.add(a, f64x2.mul(f64x2.mul(a, s), p));
    const big = up ? f64x2.mul(L, sp(0.5)) : L;
    return copysignD(v128.bitselect(small, big, f64x2.lt(a, sp(0.0009765625))), d);
  }
  if (op == Un.ASIN || op == Un.ACOS || op == Un.ATAN) {
    // asin x = atan(x/√((1 − x)(1 + x))), acos x = 2·atan(√((1 − x)/(1 + x))) (both NaN beyond ±1, exact at ±1)
    const one = sp(1.0);
    let arg = d;
    if (op == Un.ASIN) arg = f64x2.div(d, f64x2.sqrt(f64x2.mul(f64x2.sub(one, d), f64x2.add(one, d))));
    if (op == Un.ACOS) arg = f64x2.sqrt(f64x2.div(f64x2.sub(one, d), f64x2.add(one, d)));
    const t = atanD(arg);
    return op == Un.ACOS ? f64x2.add(t, t) : t;
  }
  return erfD(d);
}

// f(x) for four f32 lanes through f64: both halves widened, evaluated and rounded once
// @ts-ignore: decorator
@inline export function wideV(op: i32, v: v128): v128 {
  const lo = wideD(op, f64x2.promote_low_f32x4(v));
  const hi = wideD(op, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)));
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
