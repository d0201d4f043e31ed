// f64-lane approximations of sin, cos and tan of f32x4 lanes, with exact range reduction

import { Un } from "./opcodes";

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

// sin r, cos r or tan r (|r| ≲ π/4) of two f64 lanes, with quadrant mask qodd (lanes of all ones where n is
// odd) and sign mask qneg (the f64 sign bit where the result is negated)
function trigPoly(op: i32, r: v128, qodd: v128, qneg: v128): v128 {
  const z = f64x2.mul(r, r);
  const w = f64x2.mul(z, z);
  let y: v128;
  if (op == Un.TAN) {
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
    y = op == Un.SIN ? v128.bitselect(cs, sn, qodd) : v128.bitselect(sn, cs, qodd);
  }
  return v128.xor(y, qneg);
}

// sin, cos or tan (op Un.SIN, Un.COS, Un.TAN) of each lane. sin(±0) = ±0, tan(±0) = ±0, cos(±0) = 1; ±Inf and NaN give NaN.
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
  const negBit = op == Un.COS ? v128.and(i32x4.add(n, i32x4.splat(1)), i32x4.splat(2)) : v128.and(n, i32x4.splat(2));
  const neg = op == Un.TAN ? i32x4.splat(0) : i32x4.ne(negBit, i32x4.splat(0));
  const sign = i64x2.splat(i64.MIN_VALUE);
  const ylo = trigPoly(op, rlo, i64x2.extend_low_i32x4_s(odd), v128.and(i64x2.extend_low_i32x4_s(neg), sign));
  const yhi = trigPoly(op, rhi, i64x2.extend_high_i32x4_s(odd), v128.and(i64x2.extend_high_i32x4_s(neg), sign));
  const y = v128.shuffle<f32>(f32x4.demote_f64x2_zero(ylo), f32x4.demote_f64x2_zero(yhi), 0, 1, 4, 5);
  return op == Un.COS ? y : v128.bitselect(x, y, f32x4.eq(x, f32x4.splat(0))); // sin and tan keep -0
}
