// Matrix product of one f32 matrix pair, register-blocked f32x4 micro-kernels, no packing (no scratch memory)

import { madd, loadTail, storeTail, hsum4 } from "./simd";

// Every output element is summed the same way wherever it lies (full tile or edge, any row range):
// the outer-product kernels add one product per p in p order; the dot kernel (A·Bᵀ) keeps 4 lane sums
// over p mod 4 and adds them as in hsum4. So splitting rows across calls never changes a bit.

// stores lanes [0, w) of v to p, p + cs, p + 2cs, … (a transposed row of a tile)
// @ts-ignore: decorator
@inline function storeLanes(p: usize, v: v128, cs: usize, w: i32): void {
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (w > 1) store<f32>(p + cs, f32x4.extract_lane(v, 1));
  if (w > 2) store<f32>(p + 2 * cs, f32x4.extract_lane(v, 2));
  if (w > 3) store<f32>(p + 3 * cs, f32x4.extract_lane(v, 3));
}

// the inverse of storeTileRow for vector h (0: columns 0–3, 1: columns 4–7) of one tile row
// @ts-ignore: decorator
@inline function loadTileRow(h: i32, PART: bool, T: bool, p: usize, cs: usize, w: i32): v128 {
  const n = PART ? w : 4;
  if (!T) return PART ? loadTail(p, w) : v128.load(p + (<usize>h << 4));
  const q = p + (<usize>h << 2) * cs;
  let v = v128.load32_zero(q);
  if (n > 1) v = v128.load32_lane(q + cs, v, 1);
  if (n > 2) v = v128.load32_lane(q + 2 * cs, v, 2);
  if (n > 3) v = v128.load32_lane(q + 3 * cs, v, 3);
  return v;
}

// one row of a finished tile: columns [0, 4·H) or, when PART, [0, w); T stores them strided by cs
// @ts-ignore: decorator
@inline function storeTileRow(H: i32, PART: bool, T: bool, p: usize, c0: v128, c1: v128, cs: usize, w: i32): void {
  if (T) {
    storeLanes(p, c0, cs, PART ? w : 4);
    if (H == 2) storeLanes(p + 4 * cs, c1, cs, 4);
  } else if (PART) {
    storeTail(p, c0, w);
  } else {
    v128.store(p, c0);
    if (H == 2) v128.store(p, c1, 16);
  }
}

// Outer-product micro-kernel. C(r, c) = Σ_p S(r, p)·V(p, c) for r < R (4 or 1) and c < 4·H (H = 2 or 1)
// or, when PART, c < w < 4; S(r, p) at s + r·srs + p·sps (broadcast), V(p, ·) contiguous at v + p·vps;
// C(r, c) goes to o + r·ors + c·4, or o + r·ors + c·ocs when T (transposed store).
// 4×8 = 8 accumulators + 2 B vectors + 4 splats: within the 15 usable xmm registers; k is not unrolled.
// @ts-ignore: decorator
@inline function tile(R: i32, H: i32, PART: bool, T: bool, s: usize, srs: usize, sps: usize, v: usize, vps: usize,
  k: i32, o: usize, ors: usize, ocs: usize, w: i32, more: bool): void {
  const z = f32x4.splat(0);
  let c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
  if (more) { // a later k block: continue the sums from the stored partial results
    c00 = loadTileRow(0, PART, T, o, ocs, w);
    if (H == 2) c01 = loadTileRow(1, PART, T, o, ocs, w);
    if (R == 4) {
      c10 = loadTileRow(0, PART, T, o + ors, ocs, w);
      if (H == 2) c11 = loadTileRow(1, PART, T, o + ors, ocs, w);
      c20 = loadTileRow(0, PART, T, o + 2 * ors, ocs, w);
      if (H == 2) c21 = loadTileRow(1, PART, T, o + 2 * ors, ocs, w);
      c30 = loadTileRow(0, PART, T, o + 3 * ors, ocs, w);
      if (H == 2) c31 = loadTileRow(1, PART, T, o + 3 * ors, ocs, w);
    }
  }
  const srs2 = srs + srs, srs3 = srs2 + srs;
  let ps = s, pv = v;
  for (let p = 0; p < k; p++) {
    const b0 = PART ? loadTail(pv, w) : v128.load(pv);
    const b1 = H == 2 ? v128.load(pv, 16) : z;
    const a0 = v128.load32_splat(ps);
    c00 = madd(a0, b0, c00);
    if (H == 2) c01 = madd(a0, b1, c01);
    if (R == 4) {
      const a1 = v128.load32_splat(ps + srs), a2 = v128.load32_splat(ps + srs2), a3 = v128.load32_splat(ps + srs3);
      c10 = madd(a1, b0, c10);
      if (H == 2) c11 = madd(a1, b1, c11);
      c20 = madd(a2, b0, c20);
      if (H == 2) c21 = madd(a2, b1, c21);
      c30 = madd(a3, b0, c30);
      if (H == 2) c31 = madd(a3, b1, c31);
    }
    ps += sps;
    pv += vps;
  }
  storeTileRow(H, PART, T, o, c00, c01, ocs, w);
  if (R == 4) {
    storeTileRow(H, PART, T, o + ors, c10, c11, ocs, w);
    storeTileRow(H, PART, T, o + 2 * ors, c20, c21, ocs, w);
    storeTileRow(H, PART, T, o + 3 * ors, c30, c31, ocs, w);
  }
}

// R rows of C (R = 4 or 1) across all `cols` columns: 8-wide tiles, then a 4-wide one, then a partial one
// @ts-ignore: decorator
@inline function tileRows(R: i32, T: bool, s: usize, srs: usize, sps: usize, v: usize, vps: usize, k: i32,
  cols: i32, o: usize, ors: usize, ocs: usize, more: bool): void {
  let c = 0;
  for (; c + 8 <= cols; c += 8) {
    tile(R, 2, false, T, s, srs, sps, v + (<usize>c << 2), vps, k, o + <usize>c * ocs, ors, ocs, 4, more);
  }
  if (c + 4 <= cols) {
    tile(R, 1, false, T, s, srs, sps, v + (<usize>c << 2), vps, k, o + <usize>c * ocs, ors, ocs, 4, more);
    c += 4;
  }
  if (c < cols) {
    tile(R, 1, true, T, s, srs, sps, v + (<usize>c << 2), vps, k, o + <usize>c * ocs, ors, ocs, cols - c, more);
  }
}

// k block of the outer-product kernels: a KC×cols slice of V stays in L2 while all row blocks pass over it
// @ts-ignore: decorator
@inline const KC = 256;

// C = S·V over `rows` rows and `cols` columns (see tile for the addressing), k in blocks of KC; the sums
// run on from block to block through C, so the result is the same as one pass over k
// @ts-ignore: decorator
@inline function outerProduct(T: bool, s: usize, srs: usize, sps: usize, v: usize, vps: usize, k: i32,
  rows: i32, cols: i32, o: usize, ors: usize, ocs: usize): void {
  let p = 0;
  do {
    const kc = min(KC, k - p);
    const sp = s + <usize>p * sps, vp = v + <usize>p * vps, more = p > 0;
    let r = 0;
    for (; r + 4 <= rows; r += 4) {
      tileRows(4, T, sp + <usize>r * srs, srs, sps, vp, vps, kc, cols, o + <usize>r * ors, ors, ocs, more);
    }
    for (; r < rows; r++) {
      tileRows(1, T, sp + <usize>r * srs, srs, sps, vp, vps, kc, cols, o + <usize>r * ors, ors, ocs, more);
    }
    p += kc;
  } while (p < k);
}

// Dot micro-kernel for A·Bᵀ (both operands contiguous along p): out(i, j) = Σ_p a[i·k + p]·b[j·k + p]
// for R rows (2 or 1) × 4 columns j given by their row pointers b0..b3, of which the first wc are stored.
// 2×4 = 8 accumulators + 2 A vectors + 1 B vector.
// @ts-ignore: decorator
@inline function dotTile(R: i32, a: usize, rowA: usize, b0: usize, b1: usize, b2: usize, b3: usize, k: i32,
  o: usize, ors: usize, wc: i32): void {
  const z = f32x4.splat(0);
  let c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z;
  const a1 = a + rowA;
  let q: usize = 0;
  const k4 = <usize>(k & ~3) << 2;
  for (; q < k4; q += 16) {
    const x0 = v128.load(a + q);
    const x1 = R == 2 ? v128.load(a1 + q) : z;
    let y = v128.load(b0 + q);
    c00 = madd(x0, y, c00);
    if (R == 2) c10 = madd(x1, y, c10);
    y = v128.load(b1 + q);
    c01 = madd(x0, y, c01);
    if (R == 2) c11 = madd(x1, y, c11);
    y = v128.load(b2 + q);
    c02 = madd(x0, y, c02);
    if (R == 2) c12 = madd(x1, y, c12);
    y = v128.load(b3 + q);
    c03 = madd(x0, y, c03);
    if (R == 2) c13 = madd(x1, y, c13);
  }
  const kt = k & 3;
  if (kt) { // zero-padded last block: 0·0 leaves the lane sums unchanged
    const x0 = loadTail(a + q, kt);
    const x1 = R == 2 ? loadTail(a1 + q, kt) : z;
    let y = loadTail(b0 + q, kt);
    c00 = madd(x0, y, c00);
    if (R == 2) c10 = madd(x1, y, c10);
    y = loadTail(b1 + q, kt);
    c01 = madd(x0, y, c01);
    if (R == 2) c11 = madd(x1, y, c11);
    y = loadTail(b2 + q, kt);
    c02 = madd(x0, y, c02);
    if (R == 2) c12 = madd(x1, y, c12);
    y = loadTail(b3 + q, kt);
    c03 = madd(x0, y, c03);
    if (R == 2) c13 = madd(x1, y, c13);
  }
  const r0 = hsum4(c00, c01, c02, c03);
  if (wc == 4) v128.store(o, r0); else storeTail(o, r0, wc);
  if (R == 2) {
    const r1 = hsum4(c10, c11, c12, c13);
    if (wc == 4) v128.store(o + ors, r1); else storeTail(o + ors, r1, wc);
  }
}

// R rows of A·Bᵀ across all n columns, 4 at a time; a short last block repeats column j for the missing ones
// @ts-ignore: decorator
@inline function dotRows(R: i32, a: usize, b: usize, k: i32, n: i32, o: usize): void {
  const row = <usize>k << 2;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const bj = b + <usize>j * row;
    dotTile(R, a, row, bj, bj + row, bj + 2 * row, bj + 3 * row, k, o + (<usize>j << 2), <usize>n << 2, 4);
  }
  if (j < n) {
    const w = n - j;
    const bj = b + <usize>j * row;
    dotTile(R, a, row, bj, w > 1 ? bj + row : bj, w > 2 ? bj + 2 * row : bj, bj, k, o + (<usize>j << 2), <usize>n << 2, w);
  }
}

// out[m×n] = op(A)·op(B), rows [start, end) of out; A is m×k row-major (k×m if transA), B is k×n (n×k if
// transB); k = 0 gives zeros. Relaxed build: products are accumulated with f32x4.relaxed_madd (FMA).
export function matmul_f32(a: usize, b: usize, out: usize, m: i32, n: i32, k: i32, transA: i32, transB: i32,
  start: i32, end: i32): void {
  assert(m >= 0 && n >= 0 && k >= 0 && start >= 0 && end <= m, "matmul sizes");
  if (start >= end || n <= 0) return;
  const rows = end - start;
  const k4 = <usize>k << 2, n4 = <usize>n << 2, m4 = <usize>m << 2;
  const o = out + <usize>start * n4;
  if (!transB) {
    if (!transA) { // S = A rows (m×k), V = B rows (k×n)
      outerProduct(false, a + <usize>start * k4, k4, 4, b, n4, k, rows, n, o, n4, 4);
    } else { // S = columns of the stored k×m A, V = B rows
      outerProduct(false, a + (<usize>start << 2), 4, m4, b, n4, k, rows, n, o, n4, 4);
    }
  } else if (!transA) { // A·Bᵀ: dot products of A rows with stored B rows
    let i = start;
    for (; i + 2 <= end; i += 2) dotRows(2, a + <usize>i * k4, b, k, n, out + <usize>i * n4);
    if (i < end) dotRows(1, a + <usize>i * k4, b, k, n, out + <usize>i * n4);
  } else { // Aᵀ·Bᵀ = (B·A)ᵀ: S = stored B rows (n×k), V = stored A rows (k×m) over columns [start, end), stored transposed
    outerProduct(true, b, k4, 4, a + (<usize>start << 2), m4, k, n, rows, o, 4, n4);
  }
}
