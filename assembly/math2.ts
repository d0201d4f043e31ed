// f32x4 approximations of log1p, expm1 (f32 lanes) and sin, cos, tan (f64 lanes); body and tail share them

// ---- log1p ----------------------------------------------------------------------------------------

// ln 2 split for Cody–Waite: LN2_HI has 17 significant bits, so k·LN2_HI is exact for |k| ≤ 128
// @ts-ignore: decorator
@inline const LN2_HI: f32 = 6.9313812256e-01;
// @ts-ignore: decorator
@inline const LN2_LO: f32 = 9.0580006145e-06;

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
  r = f32x4.add(r, f32x4.add(f32x4.mul(dk, f32x4.splat(LN2_LO)), c));
  r = f32x4.add(f32x4.sub(r, hfsq), f);
  r = f32x4.add(r, f32x4.mul(dk, f32x4.splat(LN2_HI)));
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
  const hi = f32x4.sub(xc, f32x4.mul(kf, f32x4.splat(LN2_HI)));
  const lo = f32x4.mul(kf, f32x4.splat(LN2_LO));
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

// ---- sin, cos, tan --------------------------------------------------------------------------------
// Range reduction x = n·π/2 + r, |r| ≲ π/4, computed in f64 lanes:
// - |x| < 2^25 (Cody–Waite): n = round(x·2/π), r = ((x − n·P1) − n·P2) − n·P3 with π/2 = P1 + P2 + P3 + O(2^-110),
//   P1 27 and P2 25 significant bits, so n·P1 and n·P2 are exact for |n| < 2^25 and x − n·P1 is exact
//   (Sterbenz); r keeps a relative error of a few 2^-53 even next to a multiple of π/2.
// - finite |x| ≥ 2^25 (Payne–Hanek, one lane at a time; such lanes are rare): x = m·2^s with m a 24-bit
//   integer, so x·2/π mod 4 needs only the bits of 2/π from 2^-(s-1) on: 96 of them, multiplied by m in
//   64-bit integer arithmetic, give x·2/π mod 4 in 2.62 fixed point (n in the top bits, r·2/π below).
// sin r, cos r on |r| ≤ π/4 are fdlibm's single-precision kernels evaluated in f64 (see: FreeBSD/musl
// __sindf, |sin r/r − s(r)| < 2^-37.5; __cosdf, |cos r − c(r)| < 2^-34.1; __tandf, |tan r/r − t(r)| < 2^-25.5),
// so the one rounding to f32 at the end dominates: ≤ 1 ulp everywhere.

// @ts-ignore: decorator
@inline const INV_PIO2: f64 = 0.63661977236758138;
// @ts-ignore: decorator
@inline const P1: f64 = 1.5707963258028030;
// @ts-ignore: decorator
@inline const P2: f64 = 9.9209357395935172e-10;
// @ts-ignore: decorator
@inline const P3: f64 = 5.7211887261098318e-18;
// 1.5·2^52: adding it rounds an f64 to an integer and leaves that integer in the low mantissa bits
// @ts-ignore: decorator
@inline const ROUND64: f64 = 6755399441055744.0;
// π/2 · 2^-62: scales the 2.62 fixed-point fraction of Payne–Hanek to radians
// @ts-ignore: decorator
@inline const PIO2_2M62: f64 = 3.4061215800865545e-19;

// bits 1…256 of 2/π after the binary point, 32 per word, most significant first
const TWO_OVER_PI = memory.data<u32>([
  0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041, 0xfe5163ab, 0xdebbc561,
]);

// the quadrant of the last reduceLarge call (mod 4)
let largeN: i32 = 0;

// Payne–Hanek for a finite f32 with |x| ≥ 2^25 given by its bits: returns r (f64, radians) and sets largeN.
// With x = m·2^s (s = biased exponent − 150 ≥ 2), bit k of 2/π (weight 2^-k) contributes m·2^(s−k), a
// multiple of 4 for k ≤ s − 2; so x·2/π/4 mod 1 = frac(m·Z) with Z = the bits of 2/π from k = s − 1 on as a
// fraction. Z is read as 64 + 32 bits; m·Z mod 1 in 0.64 fixed point is m·Z64 (wrapping) + (m·Z32 >> 32),
// off by less than 2^-63, i.e. r off by less than 2^-60 in absolute terms.
function reduceLarge(bits: u32): f64 {
  const s = <i32>((bits >> 23) & 0xff) - 150;
  const m = <u64>((bits & 0x7fffff) | 0x800000);
  const p = s - 2; // bits before k = s − 1
  const w = TWO_OVER_PI + (<usize>(p >> 5) << 2);
  const b = <u64>(p & 31);
  const a = (<u64>load<u32>(w) << 32) | <u64>load<u32>(w, 4);
  const c = (<u64>load<u32>(w, 8) << 32) | <u64>load<u32>(w, 12);
  const z64 = b == 0 ? a : (a << b) | (c >> (64 - b));
  const z32 = (c << b) >> 32;
  const q = m * z64 + ((m * z32) >> 32); // (x·2/π mod 4)·2^62
  const n = (q + (<u64>1 << 61)) >> 62; // nearest integer, mod 4 (the add may wrap: n = 4 ≡ 0)
  const r = <f64>(<i64>(q - (n << 62))) * PIO2_2M62;
  const neg = (bits >> 31) != 0;
  largeN = neg ? <i32>(0 - n) & 3 : <i32>n & 3;
  return neg ? -r : r;
}

// @ts-ignore: decorator
@inline const SIN = 0;
// @ts-ignore: decorator
@inline const COS = 1;
// @ts-ignore: decorator
@inline const TAN = 2;

// sin r, cos r or tan r (|r| ≲ π/4) of two f64 lanes, with quadrant mask qodd (lanes of all ones where n is
// odd) and sign mask qneg (the f64 sign bit where the result is negated)
function trigPoly(op: i32, r: v128, qodd: v128, qneg: v128): v128 {
  const z = f64x2.mul(r, r);
  const w = f64x2.mul(z, z);
  let y: v128;
  if (op == TAN) {
    const s = f64x2.mul(z, r);
    const u = f64x2.add(f64x2.splat(0.333331395030791399758), f64x2.mul(z, f64x2.splat(0.133392002712976742718)));
    const t = f64x2.add(f64x2.splat(0.0533812378445670393523), f64x2.mul(z, f64x2.splat(0.0245283181166547278873)));
    const q = f64x2.add(f64x2.splat(0.00297435743359967304927), f64x2.mul(z, f64x2.splat(0.00946564784943673166728)));
    const tn = f64x2.add(f64x2.add(r, f64x2.mul(s, u)), f64x2.mul(f64x2.mul(s, w), f64x2.add(t, f64x2.mul(w, q))));
    y = v128.bitselect(f64x2.div(f64x2.splat(-1.0), tn), tn, qodd); // tan(r + π/2) = −1/tan r
  } else {
    const s = f64x2.mul(z, r);
    const sn = f64x2.add(
      f64x2.add(r, f64x2.mul(s, f64x2.add(f64x2.splat(-0.166666666416265235595), f64x2.mul(z, f64x2.splat(0.0083333293858894631756))))),
      f64x2.mul(f64x2.mul(s, w), f64x2.add(f64x2.splat(-0.000198393348360966317347), f64x2.mul(z, f64x2.splat(0.0000027183114939898219064)))));
    const cs = f64x2.add(
      f64x2.add(f64x2.add(f64x2.splat(1.0), f64x2.mul(z, f64x2.splat(-0.499999997251031003120))), f64x2.mul(w, f64x2.splat(0.0416666233237390631894))),
      f64x2.mul(f64x2.mul(w, z), f64x2.add(f64x2.splat(-0.00138867637746099294692), f64x2.mul(z, f64x2.splat(0.0000243904487962774090654)))));
    y = op == SIN ? v128.bitselect(cs, sn, qodd) : v128.bitselect(sn, cs, qodd);
  }
  return v128.xor(y, qneg);
}

// sin (op 0), cos (1) or tan (2) of each lane. sin(±0) = ±0, tan(±0) = ±0, cos(±0) = 1; ±Inf and NaN give NaN.
// @ts-ignore: decorator
@inline export function trigV(op: i32, x: v128): v128 {
  const xlo = f64x2.promote_low_f32x4(x);
  const xhi = f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 2, 3));
  const tlo = f64x2.add(f64x2.mul(xlo, f64x2.splat(INV_PIO2)), f64x2.splat(ROUND64));
  const thi = f64x2.add(f64x2.mul(xhi, f64x2.splat(INV_PIO2)), f64x2.splat(ROUND64));
  const nlo = f64x2.sub(tlo, f64x2.splat(ROUND64)), nhi = f64x2.sub(thi, f64x2.splat(ROUND64));
  let rlo = f64x2.sub(f64x2.sub(f64x2.sub(xlo, f64x2.mul(nlo, f64x2.splat(P1))), f64x2.mul(nlo, f64x2.splat(P2))), f64x2.mul(nlo, f64x2.splat(P3)));
  let rhi = f64x2.sub(f64x2.sub(f64x2.sub(xhi, f64x2.mul(nhi, f64x2.splat(P1))), f64x2.mul(nhi, f64x2.splat(P2))), f64x2.mul(nhi, f64x2.splat(P3)));
  let n = v128.shuffle<i32>(tlo, thi, 0, 2, 4, 6); // low words of the rounded sums: n (mod 2^32)
  const ax = v128.and(x, i32x4.splat(0x7fffffff));
  const large = v128.and(i32x4.ge_s(ax, i32x4.splat(0x4c000000)), i32x4.lt_s(ax, i32x4.splat(0x7f800000)));
  if (v128.any_true(large)) {
    if (i32x4.extract_lane(large, 0) != 0) { rlo = f64x2.replace_lane(rlo, 0, reduceLarge(i32x4.extract_lane(x, 0))); n = i32x4.replace_lane(n, 0, largeN); }
    if (i32x4.extract_lane(large, 1) != 0) { rlo = f64x2.replace_lane(rlo, 1, reduceLarge(i32x4.extract_lane(x, 1))); n = i32x4.replace_lane(n, 1, largeN); }
    if (i32x4.extract_lane(large, 2) != 0) { rhi = f64x2.replace_lane(rhi, 0, reduceLarge(i32x4.extract_lane(x, 2))); n = i32x4.replace_lane(n, 2, largeN); }
    if (i32x4.extract_lane(large, 3) != 0) { rhi = f64x2.replace_lane(rhi, 1, reduceLarge(i32x4.extract_lane(x, 3))); n = i32x4.replace_lane(n, 3, largeN); }
  }
  // quadrant masks: which lanes swap sin/cos (or invert tan) and which are negated
  const odd = i32x4.ne(v128.and(n, i32x4.splat(1)), i32x4.splat(0));
  const negBit = op == COS ? v128.and(i32x4.add(n, i32x4.splat(1)), i32x4.splat(2)) : v128.and(n, i32x4.splat(2));
  const neg = op == TAN ? i32x4.splat(0) : i32x4.ne(negBit, i32x4.splat(0));
  const sign = i64x2.splat(i64.MIN_VALUE);
  const ylo = trigPoly(op, rlo, i64x2.extend_low_i32x4_s(odd), v128.and(i64x2.extend_low_i32x4_s(neg), sign));
  const yhi = trigPoly(op, rhi, i64x2.extend_high_i32x4_s(odd), v128.and(i64x2.extend_high_i32x4_s(neg), sign));
  const y = v128.shuffle<f32>(f32x4.demote_f64x2_zero(ylo), f32x4.demote_f64x2_zero(yhi), 0, 1, 4, 5);
  return op == COS ? y : v128.bitselect(x, y, f32x4.eq(x, f32x4.splat(0))); // sin and tan keep -0
}
