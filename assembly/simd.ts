// Small @inline helpers shared by the kernels: partial vectors, fused multiply-add, row additions, strided meta access

// acc + a·b; fused (and possibly differently rounded) only in the relaxed-SIMD build
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, acc: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

// lanes [0, n) of a 32-bit vector from p (1 ≤ n ≤ 4), the other lanes 0; never reads past p + 4n
// @ts-ignore: decorator
@inline export function loadTail(p: usize, n: i32): v128 {
  let v = v128.load32_zero(p);
  if (n > 1) v = v128.load32_lane(p, v, 1, 4);
  if (n > 2) v = v128.load32_lane(p, v, 2, 8);
  if (n > 3) v = v128.load32_lane(p, v, 3, 12);
  return v;
}

// stores lanes [0, n) of a 32-bit vector to p (1 ≤ n ≤ 4)
// @ts-ignore: decorator
@inline export function storeTail(p: usize, v: v128, n: i32): void {
  v128.store32_lane(p, v, 0);
  if (n > 1) v128.store32_lane(p, v, 1, 4);
  if (n > 2) v128.store32_lane(p, v, 2, 8);
  if (n > 3) v128.store32_lane(p, v, 3, 12);
}

// dst[t] += src[t] for t < n, f32; each lane is one IEEE addition, so body and tail agree bit for bit
// @ts-ignore: decorator
@inline export function addRow(dst: usize, src: usize, n: i32): void {
  let t = 0;
  for (; t + 16 <= n; t += 16) {
    const o = <usize>t << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
    v128.store(dst + o, f32x4.add(v128.load(dst + o, 16), v128.load(src + o, 16)), 16);
    v128.store(dst + o, f32x4.add(v128.load(dst + o, 32), v128.load(src + o, 32)), 32);
    v128.store(dst + o, f32x4.add(v128.load(dst + o, 48), v128.load(src + o, 48)), 48);
  }
  for (; t + 4 <= n; t += 4) {
    const o = <usize>t << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; t < n; t++) {
    const o = <usize>t << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

// Strided meta block (i32 words): [rank, shape[rank], strides_0[rank], strides_1[rank], …], strides in elements.

// rank, checked to be 1…8 in the debug build (an abort, not a wild read, on a malformed block)
// @ts-ignore: decorator
@inline export function metaRank(meta: usize): i32 {
  const rank = load<i32>(meta);
  assert(rank >= 1 && rank <= 8, "meta rank");
  return rank;
}

// shape[d]
// @ts-ignore: decorator
@inline export function metaDim(meta: usize, d: i32): i32 { return load<i32>(meta + ((<usize>d + 1) << 2)); }

// strides_p[d]
// @ts-ignore: decorator
@inline export function metaStride(meta: usize, p: i32, d: i32): i32 {
  const rank = load<i32>(meta);
  return load<i32>(meta + ((<usize>(1 + rank * (p + 1) + d)) << 2));
}

// length of dim rank-2 (the dim the row odometer steps through without recomputing), 1 if rank == 1
// @ts-ignore: decorator
@inline export function metaMid(meta: usize): i32 {
  const rank = load<i32>(meta);
  return rank > 1 ? metaDim(meta, rank - 2) : 1;
}

// strides_p[rank-2], 0 if rank == 1
// @ts-ignore: decorator
@inline export function metaMidStride(meta: usize, p: i32): i32 {
  const rank = load<i32>(meta);
  return rank > 1 ? metaStride(meta, p, rank - 2) : 0;
}

// element offset of operand p at the start of row r, a row being one index over dims 0..rank-2
export function rowOffset(meta: usize, p: i32, r: i32): i32 {
  const rank = load<i32>(meta);
  let off = 0;
  for (let d = rank - 2; d >= 0; d--) {
    const s = metaDim(meta, d);
    const q = r / s;
    off += (r - q * s) * metaStride(meta, p, d);
    r = q;
  }
  return off;
}
