// Counter-based random numbers: Philox4x32-10 words → uniform floats, uniform integers or normals (Box–Muller)

import { logV } from "./math";
import { Rand } from "./opcodes";

// Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel Random Numbers: As Easy as 1, 2, 3", SC'11; the
// constants and round of Random123): a 128-bit counter and a 64-bit key give 4 random 32-bit words.
// Element e of an output takes word e & 3 of block e >> 2, whose counter is (e >> 2, stream, 0, 0): every
// element is a pure function of (key, stream, e), so any split into ranges computes the same values.
// Only integer ops and unfused f32 mul/add/sqrt are used after it, so every build (base or relaxed SIMD)
// and every engine gives the same bits.

// @ts-ignore: decorator
@inline const M0: i32 = 0xd2511f53;
// @ts-ignore: decorator
@inline const M1: i32 = 0xcd9e8d57;
// @ts-ignore: decorator
@inline const W0: i32 = 0x9e3779b9;
// @ts-ignore: decorator
@inline const W1: i32 = 0xbb67ae85;

// 2^-24
// @ts-ignore: decorator
@inline const ULP24: f32 = 5.9604644775390625e-8;
// @ts-ignore: decorator
@inline const TWO_PI: f32 = 6.28318530717958648;

// high 32 bits of the unsigned 64-bit products a·m, lane-wise
// @ts-ignore: decorator
@inline function mulhi(a: v128, m: v128): v128 {
  return v128.shuffle<i32>(i64x2.extmul_low_i32x4_u(a, m), i64x2.extmul_high_i32x4_u(a, m), 1, 3, 5, 7);
}

// the top 24 bits of each word as a float in [0, 1): exact multiples of 2^-24
// @ts-ignore: decorator
@inline function unit(w: v128): v128 {
  return f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(w, 8)), f32x4.splat(ULP24));
}

// cos(2πt) and sin(2πt) for t ∈ [0, 1), ~1 ulp: t = q/4 + r exactly (q = round(4t), |r| ≤ 1/8), then
// θ = 2πr ∈ [-π/4, π/4] with Cephes' sinf/cosf polynomials (S. L. Moshier), turned by q quarter turns:
// (cos, sin)(θ + qπ/2) = (c, s), (-s, c), (-c, -s), (s, -c) for q = 0, 1, 2, 3 (q = 4 is q = 0).
// @ts-ignore: decorator
@inline function quarter(t: v128): v128 { return f32x4.nearest(f32x4.mul(t, f32x4.splat(4.0))); }
// @ts-ignore: decorator
@inline function angle(t: v128, q: v128): v128 {
  return f32x4.mul(f32x4.sub(t, f32x4.mul(q, f32x4.splat(0.25))), f32x4.splat(TWO_PI));
}
// sin θ on [-π/4, π/4], z = θ²
// @ts-ignore: decorator
@inline function sinPoly(x: v128, z: v128): v128 {
  let p = f32x4.splat(-1.9515295891e-4);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(8.3321608736e-3));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-1.6666654611e-1));
  return f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
}
// cos θ on [-π/4, π/4], z = θ²
// @ts-ignore: decorator
@inline function cosPoly(z: v128): v128 {
  let p = f32x4.splat(2.443315711809948e-5);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-1.388731625493765e-3));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(4.166664568298827e-2));
  return f32x4.add(f32x4.sub(f32x4.splat(1.0), f32x4.mul(z, f32x4.splat(0.5))), f32x4.mul(f32x4.mul(p, z), z));
}
// cos (SIN = false) or sin (SIN = true) of θ + qπ/2 from c = cos θ, s = sin θ and the integer q
// @ts-ignore: decorator
@inline function turn(SIN: bool, c: v128, s: v128, q: v128): v128 {
  const swap = i32x4.ne(v128.and(q, i32x4.splat(1)), i32x4.splat(0));
  if (SIN) return v128.xor(v128.bitselect(c, s, swap), i32x4.shl(v128.and(q, i32x4.splat(2)), 30));
  return v128.xor(v128.bitselect(s, c, swap), i32x4.shl(v128.and(i32x4.add(q, i32x4.splat(1)), i32x4.splat(2)), 30));
}

// stores lanes [lo, hi) of v to p (0 ≤ lo, hi ≤ 4)
// @ts-ignore: decorator
@inline function storeLanes(p: usize, v: v128, lo: i32, hi: i32): void {
  if (lo <= 0 && 0 < hi) v128.store32_lane(p, v, 0);
  if (lo <= 1 && 1 < hi) v128.store32_lane(p, v, 1, 4);
  if (lo <= 2 && 2 < hi) v128.store32_lane(p, v, 2, 8);
  if (lo <= 3 && 3 < hi) v128.store32_lane(p, v, 3, 12);
}

// Elements [start, end) of out, four blocks (16 elements) per step. Parameters by kind:
// UNIFORM_F32 min(a + b·u, c) with u ∈ [0, 1) (c: the largest float below maxval, so results stay in
// [minval, maxval)); UNIFORM_I32 lo + ⌊w·width / 2^32⌋ (multiply-shift, bias ≤ width/2^32);
// NORMAL_* a + b·z with z from Box–Muller on word pairs: z₀ = ρ·cos 2πt, z₁ = ρ·sin 2πt, ρ = √(−2 ln u),
// u ∈ (0, 1] (never 0, so |z| ≤ √(48 ln 2) ≈ 5.77), t ∈ [0, 1); NORMAL_I32 rounds to nearest (even).
// @ts-ignore: decorator
@inline function generate(K: i32, out: usize, k0: i32, k1: i32, stream: i32, a: f32, b: f32, c: f32,
  lo: i32, width: i32, start: i32, end: i32): void {
  for (let b0 = start >> 2; b0 << 2 < end; b0 += 4) {
    // Philox of blocks b0 … b0+3, one per lane: X0 … X3 hold word 0 … 3 of each
    let x0 = i32x4.add(i32x4.splat(b0), v128(0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0));
    let x1 = i32x4.splat(stream), x2 = i32x4.splat(0), x3 = i32x4.splat(0);
    let ka = k0, kb = k1;
    for (let round = 0; round < 10; round++) {
      const h0 = mulhi(x0, i32x4.splat(M0)), l0 = i32x4.mul(x0, i32x4.splat(M0));
      const h1 = mulhi(x2, i32x4.splat(M1)), l1 = i32x4.mul(x2, i32x4.splat(M1));
      x0 = v128.xor(v128.xor(h1, x1), i32x4.splat(ka));
      x1 = l1;
      x2 = v128.xor(v128.xor(h0, x3), i32x4.splat(kb));
      x3 = l0;
      ka += W0;
      kb += W1;
    }
    // words → values, still one block per lane
    if (K == Rand.UNIFORM_F32) {
      const va = f32x4.splat(a), vb = f32x4.splat(b), vc = f32x4.splat(c);
      x0 = f32x4.min(f32x4.add(va, f32x4.mul(vb, unit(x0))), vc);
      x1 = f32x4.min(f32x4.add(va, f32x4.mul(vb, unit(x1))), vc);
      x2 = f32x4.min(f32x4.add(va, f32x4.mul(vb, unit(x2))), vc);
      x3 = f32x4.min(f32x4.add(va, f32x4.mul(vb, unit(x3))), vc);
    } else if (K == Rand.UNIFORM_I32) {
      const vl = i32x4.splat(lo), vw = i32x4.splat(width);
      x0 = i32x4.add(vl, mulhi(x0, vw));
      x1 = i32x4.add(vl, mulhi(x1, vw));
      x2 = i32x4.add(vl, mulhi(x2, vw));
      x3 = i32x4.add(vl, mulhi(x3, vw));
    } else {
      const va = f32x4.splat(a), vb = f32x4.splat(b), one = i32x4.splat(1);
      // u = (⌊w/2^8⌋ + 1)·2^-24 ∈ (0, 1]
      const ua = f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(i32x4.shr_u(x0, 8), one)), f32x4.splat(ULP24));
      const ub = f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(i32x4.shr_u(x2, 8), one)), f32x4.splat(ULP24));
      const ra = f32x4.sqrt(f32x4.mul(logV(ua), f32x4.splat(-2.0)));
      const rb = f32x4.sqrt(f32x4.mul(logV(ub), f32x4.splat(-2.0)));
      const ta = unit(x1), tb = unit(x3);
      const qa = quarter(ta), qb = quarter(tb);
      const xa = angle(ta, qa), xb = angle(tb, qb);
      const za = f32x4.mul(xa, xa), zb = f32x4.mul(xb, xb);
      const ca = cosPoly(za), sa = sinPoly(xa, za), cb = cosPoly(zb), sb = sinPoly(xb, zb);
      const ia = i32x4.trunc_sat_f32x4_s(qa), ib = i32x4.trunc_sat_f32x4_s(qb);
      x0 = f32x4.add(va, f32x4.mul(vb, f32x4.mul(ra, turn(false, ca, sa, ia))));
      x1 = f32x4.add(va, f32x4.mul(vb, f32x4.mul(ra, turn(true, ca, sa, ia))));
      x2 = f32x4.add(va, f32x4.mul(vb, f32x4.mul(rb, turn(false, cb, sb, ib))));
      x3 = f32x4.add(va, f32x4.mul(vb, f32x4.mul(rb, turn(true, cb, sb, ib))));
      if (K == Rand.NORMAL_I32) {
        x0 = i32x4.trunc_sat_f32x4_s(f32x4.nearest(x0));
        x1 = i32x4.trunc_sat_f32x4_s(f32x4.nearest(x1));
        x2 = i32x4.trunc_sat_f32x4_s(f32x4.nearest(x2));
        x3 = i32x4.trunc_sat_f32x4_s(f32x4.nearest(x3));
      }
    }
    // 4×4 transpose: v_q = the four words of block b0 + q, i.e. elements 4(b0+q) … 4(b0+q)+3
    const t0 = v128.shuffle<i32>(x0, x1, 0, 4, 1, 5), t1 = v128.shuffle<i32>(x0, x1, 2, 6, 3, 7);
    const t2 = v128.shuffle<i32>(x2, x3, 0, 4, 1, 5), t3 = v128.shuffle<i32>(x2, x3, 2, 6, 3, 7);
    const v0 = v128.shuffle<i32>(t0, t2, 0, 1, 4, 5), v1 = v128.shuffle<i32>(t0, t2, 2, 3, 6, 7);
    const v2 = v128.shuffle<i32>(t1, t3, 0, 1, 4, 5), v3 = v128.shuffle<i32>(t1, t3, 2, 3, 6, 7);
    const e = b0 << 2;
    const p = out + (<usize>e << 2);
    if (e >= start && e + 16 <= end) {
      v128.store(p, v0);
      v128.store(p, v1, 16);
      v128.store(p, v2, 32);
      v128.store(p, v3, 48);
    } else {
      storeLanes(p, v0, start - e, end - e);
      storeLanes(p + 16, v1, start - e - 4, end - e - 4);
      storeLanes(p + 32, v2, start - e - 8, end - e - 8);
      storeLanes(p + 48, v3, start - e - 12, end - e - 12);
    }
  }
}

// out[e] = min(a + b·u_e, c), f32, u_e ∈ [0, 1) from Philox(key (k0, k1), stream)
export function random_uniform_f32(out: usize, k0: i32, k1: i32, stream: i32, a: f32, b: f32, c: f32, start: i32, end: i32): void {
  generate(Rand.UNIFORM_F32, out, k0, k1, stream, a, b, c, 0, 0, start, end);
}

// out[e] = lo + ⌊w_e·width / 2^32⌋, i32 in [lo, lo + width) (width as unsigned)
export function random_uniform_i32(out: usize, k0: i32, k1: i32, stream: i32, lo: i32, width: i32, start: i32, end: i32): void {
  generate(Rand.UNIFORM_I32, out, k0, k1, stream, 0, 0, 0, lo, width, start, end);
}

// out[e] = mean + std·z_e, f32, z_e standard normal (Box–Muller)
export function random_normal_f32(out: usize, k0: i32, k1: i32, stream: i32, mean: f32, std: f32, start: i32, end: i32): void {
  generate(Rand.NORMAL_F32, out, k0, k1, stream, mean, std, 0, 0, 0, start, end);
}

// out[e] = round(mean + std·z_e) as i32 (nearest, ties to even; saturating)
export function random_normal_i32(out: usize, k0: i32, k1: i32, stream: i32, mean: f32, std: f32, start: i32, end: i32): void {
  generate(Rand.NORMAL_I32, out, k0, k1, stream, mean, std, 0, 0, 0, start, end);
}
