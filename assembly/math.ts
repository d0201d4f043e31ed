// f32x4 approximations of exp, log, tanh, sigmoid, log1p and expm1; every lane runs the same code, so body and tail agree

// @ts-ignore: decorator
@inline const LOG2E: f32 = 1.44269504088896341;
// ln 2 split for Cody–Waite reduction: LN2_HI has 9 significant bits, so n·LN2_HI is exact for |n| < 2^15
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 0.693359375;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = -2.12194440e-4;

// exp(x) for each lane; ≤ 1.5 ulp on normal results, correctly overflows to +Inf above ~88.72 and
// underflows gradually through the subnormals to +0 below ~-103.97; exp(±0) = 1, exp(-Inf) = 0, NaN → NaN.
// see: Cephes expf (S. L. Moshier): n = round(x·log2 e), r = x − n·ln2 (Cody–Waite), exp(r) = 1 + r + r²·P(r)
// with Cephes' degree-5 P on |r| ≤ ln2/2; the 2^n scaling is split into 2^(n>>1)·2^(n−(n>>1)) so that
// n ∈ [-150, 128] never needs a non-normal power of two (the last multiply rounds once into the subnormals).
// @ts-ignore: decorator
@inline export function expV(x: v128): v128 {
  // NOTE: pmax/pmin keep a NaN in x (the comparison is false) and are one instruction each on x64
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-104.0)), f32x4.splat(89.0));
  // NOTE: adding 1.5·2^23 rounds x·log2 e to an integer (nearest even, like f32x4.nearest) and leaves n in
  // the low mantissa bits, cheaper than nearest + trunc_sat on x64; exact for |n| < 2^22 (here |n| ≤ 150)
  const big = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(12582912.0));
  const fn = f32x4.sub(big, f32x4.splat(12582912.0));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(fn, f32x4.splat(LN2_HI))), f32x4.mul(fn, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1.0));
  const n = i32x4.sub(big, i32x4.splat(0x4b400000)); // garbage for NaN lanes, but y is already NaN
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(n2, i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(y, s1), s2);
}

// log(x) for each lane; ≤ 1 ulp, subnormal inputs exact-scaled; log(±0) = -Inf, log(+Inf) = +Inf,
// log(x < 0) = NaN, NaN → NaN.
// see: Cephes logf (S. L. Moshier): x = m·2^e with m ∈ [√½, √2), f = m − 1,
// log x = f − f²/2 + f³·P(f) + e·ln2 with Cephes' degree-8 P and the Cody–Waite split of ln2
// @ts-ignore: decorator
@inline export function logV(x: v128): v128 {
  // scale subnormals (and, harmlessly, zeros/negatives, fixed up below) into the normal range
  const tiny = f32x4.lt(x, f32x4.splat(1.17549435e-38));
  const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(8388608.0)), x, tiny);
  let e = i32x4.sub(i32x4.shr_u(xs, 23), i32x4.splat(126));
  e = i32x4.sub(e, v128.and(tiny, i32x4.splat(23)));
  const m = v128.or(v128.and(xs, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000)); // [0.5, 1)
  const lo = f32x4.lt(m, f32x4.splat(0.707106781186547524));
  e = i32x4.add(e, lo); // lo lanes are -1
  const f = f32x4.sub(f32x4.add(m, v128.and(m, lo)), f32x4.splat(1.0)); // 2m − 1 or m − 1
  const z = f32x4.mul(f, f);
  let p = f32x4.splat(7.0376836292e-2);
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-1.1514610310e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(1.1676998740e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-1.2420140846e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(1.4249322787e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-1.6668057665e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(2.0000714765e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(-2.4999993993e-1));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(3.3333331174e-1));
  const fe = f32x4.convert_i32x4_s(e);
  let y = f32x4.mul(f32x4.mul(p, f), z);
  y = f32x4.add(y, f32x4.mul(fe, f32x4.splat(LN2_LO)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  let r = f32x4.add(f32x4.add(f, y), f32x4.mul(fe, f32x4.splat(LN2_HI)));
  r = v128.bitselect(f32x4.splat(Infinity), r, f32x4.eq(x, f32x4.splat(Infinity)));
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(x, f32x4.splat(0)));
  r = v128.bitselect(f32x4.splat(NaN), r, v128.or(f32x4.lt(x, f32x4.splat(0)), f32x4.ne(x, x)));
  return r;
}

// tanh(x) for each lane; odd, tanh(±0) = ±0, ±1 from |x| ≳ 9.01 on, NaN → NaN.
// see: Cephes tanhf (S. L. Moshier): |x| < 0.625: x + x·x²·P(x²) (degree-4 P, no cancellation near 0);
// otherwise 1 − 2/(exp(2|x|) + 1) (exp → +Inf saturates to exactly 1). Both are computed on |x| and
// take the sign of x at the end, which also keeps tanh(-0) = -0.
// @ts-ignore: decorator
@inline export function tanhV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), ax), ax);
  const e = expV(f32x4.add(ax, ax));
  const big = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(e, f32x4.splat(1.0))));
  const t = v128.bitselect(small, big, f32x4.lt(ax, f32x4.splat(0.625))); // ≥ 0 or NaN
  return v128.or(t, v128.and(x, i32x4.splat(0x80000000))); // copysign
}

// sigmoid(x) = 1/(1 + exp(-x)) for each lane, without overflow: with e = exp(-|x|) ∈ (0, 1],
// 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0 (so tiny results stay accurate down to the subnormals).
// NOTE: the quotient is formed in f64 (exact 1 + e, one rounding at the end), so only the error of e
// remains, damped by 1/(1 + e): ≤ 1.5 ulp where an f32 division would reach ~2.5.
// sigmoid(+Inf) = 1, sigmoid(-Inf) = 0, NaN → NaN
// @ts-ignore: decorator
@inline export function sigmoidV(x: v128): v128 {
  const e = expV(f32x4.neg(f32x4.abs(x)));
  const num = v128.bitselect(f32x4.splat(1.0), e, f32x4.ge(x, f32x4.splat(0)));
  const one = f64x2.splat(1.0);
  const eHi = v128.shuffle<f32>(e, e, 2, 3, 2, 3), numHi = v128.shuffle<f32>(num, num, 2, 3, 2, 3);
  const lo = f64x2.div(f64x2.promote_low_f32x4(num), f64x2.add(f64x2.promote_low_f32x4(e), one));
  const hi = f64x2.div(f64x2.promote_low_f32x4(numHi), f64x2.add(f64x2.promote_low_f32x4(eHi), one));
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

// ---- log1p ----------------------------------------------------------------------------------------

// ln 2 split as fdlibm's log1pf/expm1f split it: LN2_HI17 has 17 significant bits, so k·LN2_HI17 is exact
// for |k| ≤ 128
// @ts-ignore: decorator
@inline const LN2_HI17: f32 = 6.9313812256e-01;
// @ts-ignore: decorator
@inline const LN2_LO17: f32 = 9.0580006145e-06;

// log(1 + x) for each lane; < 1 ulp, accurate near 0 (never forms log of a rounded 1 + x without correcting
// it); log1p(±0) = ±0, log1p(-1) = -Inf, log1p(x < -1) = NaN, log1p(+Inf) = +Inf, NaN → NaN.
// see: FreeBSD/musl log1pf (Sun fdlibm): u = 1 + x rounded, k = its exponent once the mantissa is folded into
// [√½, √2), f = u/2^k − 1; c = (x − (u − 1))/u (or (1 − (u − x))/u for k ≥ 2) restores what rounding u lost,
// dropped for k ≥ 25; when k = 0, f = x exactly and c = 0. Then log(1+f) = f − f²/2 + s(f²/2 + R(s²)) with
// s = f/(2 + f) and fdlibm's degree-4 R in s² (Lg1…Lg4), and log1p x = k·ln2 + log(1+f) + c.
// @ts-ignore: decorator
@inline export function log1pV(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const u = f32x4.add(x, one);
  const iu = i32x4.add(u, i32x4.splat(0x3f800000 - 0x3f3504f3));
  const k = i32x4.sub(i32x4.shr_u(iu, 23), i32x4.splat(0x7f));
  const k0 = i32x4.eq(k, i32x4.splat(0));
  let c = v128.bitselect(f32x4.sub(one, f32x4.sub(u, x)), f32x4.sub(x, f32x4.sub(u, one)), i32x4.ge_s(k, i32x4.splat(2)));
  c = v128.andnot(f32x4.div(c, u), v128.or(i32x4.ge_s(k, i32x4.splat(25)), k0));
  const m = i32x4.add(v128.and(iu, i32x4.splat(0x007fffff)), i32x4.splat(0x3f3504f3)); // u/2^k ∈ [√½, √2)
  const f = v128.bitselect(x, f32x4.sub(m, one), k0);
  const s = f32x4.div(f, f32x4.add(f32x4.splat(2.0), f));
  const z = f32x4.mul(s, s);
  const w = f32x4.mul(z, z);
  const t1 = f32x4.mul(w, f32x4.add(f32x4.splat(0.40000972152), f32x4.mul(w, f32x4.splat(0.24279078841))));
  const t2 = f32x4.mul(z, f32x4.add(f32x4.splat(0.66666662693), f32x4.mul(w, f32x4.splat(0.28498786688))));
  const hfsq = f32x4.mul(f32x4.mul(f32x4.splat(0.5), f), f);
  const dk = f32x4.convert_i32x4_s(k);
  let r = f32x4.mul(s, f32x4.add(hfsq, f32x4.add(t2, t1)));
  r = f32x4.add(r, f32x4.add(f32x4.mul(dk, f32x4.splat(LN2_LO17)), c));
  r = f32x4.add(f32x4.sub(r, hfsq), f);
  r = f32x4.add(r, f32x4.mul(dk, f32x4.splat(LN2_HI17)));
  // |x| < 2^-24: log1p x = x to within half an ulp; returning x keeps -0 and the subnormals exact
  r = v128.bitselect(x, r, f32x4.lt(f32x4.abs(x), f32x4.splat(5.9604645e-8)));
  r = v128.bitselect(x, r, f32x4.eq(x, f32x4.splat(Infinity)));
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(x, f32x4.splat(-1.0)));
  return v128.bitselect(f32x4.splat(NaN), r, v128.or(f32x4.lt(x, f32x4.splat(-1.0)), f32x4.ne(x, x)));
}

// ---- expm1 ----------------------------------------------------------------------------------------

// exp(x) − 1 for each lane; < 1 ulp, accurate near 0; expm1(±0) = ±0, -1 below -27·ln2 and at -Inf, +Inf
// above ln(FLT_MAX) ≈ 88.7228, NaN → NaN.
// see: FreeBSD/musl expm1f (Sun fdlibm): k = round(x/ln2), x = r + k·ln2 with r = hi − lo and c the rounding
// error of hi − lo (Cody–Waite); expm1(r) from fdlibm's rational form r − (r·E − r²/2), E from the degree-2
// Q1, Q2; then expm1 x = 2^k·(r − (r(E − c) − c − r²/2) + 1) − 1, regrouped per range of k so that neither
// the subtraction of 1 nor of 2^-k cancels (k = 0, ±1, 2…22, 23…56, others). Every lane computes every form
// and keeps the one its k selects.
// @ts-ignore: decorator
@inline export function expm1V(x: v128): v128 {
  const one = f32x4.splat(1.0), half = f32x4.splat(0.5);
  // NOTE: pmax/pmin keep a NaN in x; below -30 the result is -1 and above 89 +Inf in every form
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-30.0)), f32x4.splat(89.0));
  const big = f32x4.add(f32x4.mul(xc, f32x4.splat(1.4426950216)), f32x4.splat(12582912.0)); // 1.5·2^23 rounds
  const kf = f32x4.sub(big, f32x4.splat(12582912.0));
  const k = i32x4.sub(big, i32x4.splat(0x4b400000));
  const hi = f32x4.sub(xc, f32x4.mul(kf, f32x4.splat(LN2_HI17)));
  const lo = f32x4.mul(kf, f32x4.splat(LN2_LO17));
  const r = f32x4.sub(hi, lo);
  const c = f32x4.sub(f32x4.sub(hi, r), lo);
  const hfx = f32x4.mul(half, r);
  const hxs = f32x4.mul(r, hfx);
  const r1 = f32x4.add(one, f32x4.mul(hxs, f32x4.add(f32x4.splat(-3.3333212137e-2), f32x4.mul(hxs, f32x4.splat(1.5807170421e-3)))));
  const t = f32x4.sub(f32x4.splat(3.0), f32x4.mul(r1, hfx));
  let e = f32x4.mul(hxs, f32x4.div(f32x4.sub(r1, t), f32x4.sub(f32x4.splat(6.0), f32x4.mul(r, t))));
  const y0 = f32x4.sub(r, f32x4.sub(f32x4.mul(r, e), hxs)); // k = 0 (c = 0)
  e = f32x4.sub(f32x4.sub(f32x4.mul(r, f32x4.sub(e, c)), c), hxs);
  const ym1 = f32x4.sub(f32x4.mul(half, f32x4.sub(r, e)), half); // k = -1
  const yp1 = v128.bitselect( // k = 1
    f32x4.mul(f32x4.splat(-2.0), f32x4.sub(e, f32x4.add(r, half))),
    f32x4.add(one, f32x4.mul(f32x4.splat(2.0), f32x4.sub(r, e))),
    f32x4.lt(r, f32x4.splat(-0.25)));
  // 2^k as two exact factors (k reaches 128), and 2^-k for 2 ≤ k ≤ 56
  const k1 = i32x4.shr_s(k, 1);
  const s1 = i32x4.shl(i32x4.add(k1, i32x4.splat(0x7f)), 23);
  const s2 = i32x4.shl(i32x4.add(i32x4.sub(k, k1), i32x4.splat(0x7f)), 23);
  const pk = i32x4.shl(i32x4.sub(i32x4.splat(0x7f), k), 23);
  const rme = f32x4.sub(r, e);
  const yFar = f32x4.sub(f32x4.mul(f32x4.mul(f32x4.add(rme, one), s1), s2), one); // k < 0 or k > 56
  const yMid = f32x4.mul(f32x4.mul(f32x4.add(rme, f32x4.sub(one, pk)), s1), s2); // 2 ≤ k < 23
  const yHigh = f32x4.mul(f32x4.mul(f32x4.add(f32x4.sub(r, f32x4.add(e, pk)), one), s1), s2); // 23 ≤ k ≤ 56
  let y = v128.bitselect(yMid, yHigh, i32x4.lt_s(k, i32x4.splat(23)));
  y = v128.bitselect(yFar, y, v128.or(i32x4.lt_s(k, i32x4.splat(0)), i32x4.gt_s(k, i32x4.splat(56))));
  y = v128.bitselect(yp1, y, i32x4.eq(k, i32x4.splat(1)));
  y = v128.bitselect(ym1, y, i32x4.eq(k, i32x4.splat(-1)));
  y = v128.bitselect(y0, y, i32x4.eq(k, i32x4.splat(0)));
  return v128.bitselect(x, y, f32x4.eq(x, f32x4.splat(0))); // keeps -0
}
