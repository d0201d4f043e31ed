// Matrix product C = op(A)·op(B): packed panels in a host-given workspace, register-blocked f32x4 micro-kernel

import { madd, loadTail, storeTail } from "./simd";

// GEMM as in BLIS/XNNPACK: k runs in blocks of KC. B's KC×NC block is packed into panels NR columns wide,
// A's MC×KC block into panels MR rows tall, both p-major (the NR or MR values of one step p are adjacent), so
// the micro-kernel streams both with 16-byte loads whatever the operands' layouts; transposed operands are
// handled by the packers (4×4 register transposes), never materialised. A KC×NR B panel (8 KiB) stays in L1
// while every A panel of the block passes over it; the MC×KC A block (≤ 156 KiB) stays in L2.
// @ts-ignore: decorator
@inline const MR = ASC_FEATURE_RELAXED_SIMD ? 6 : 5; // see micro
// @ts-ignore: decorator
@inline const NR = 8;
// @ts-ignore: decorator
@inline const KC = 256;
// @ts-ignore: decorator
@inline const MC = 26 * MR; // 130 or 156 rows: a 128-row batch is one block
// @ts-ignore: decorator
@inline const NC = 1024;

// @ts-ignore: decorator
@inline function roundUp(x: i32, q: i32): i32 { return (x + q - 1) / q * q; }

// Bytes of workspace matmul_f32 needs for these sizes (16-byte aligned): the packed B block, the packed A
// block and one MR×NR edge tile: at most 4·(KC·NC + KC·MC + MR·NR) bytes, 1.2 MB.
export function matmulWorkBytes(m: i32, n: i32, k: i32): i32 {
  const kc = min(k, KC);
  return (kc * (roundUp(min(n, NC), NR) + roundUp(min(m, MC), MR)) + MR * NR) << 2;
}

// ---- packing ----------------------------------------------------------------------------------------

// G lanes (G = 1, 2 or 4, a constant) from p / to p
// @ts-ignore: decorator
@inline function loadG(G: i32, p: usize): v128 {
  return G == 4 ? v128.load(p) : G == 2 ? v128.load64_zero(p) : v128.load32_zero(p);
}
// @ts-ignore: decorator
@inline function storeG(G: i32, p: usize, v: v128): void {
  if (G == 4) v128.store(p, v); else if (G == 2) v128.store64_lane(p, v, 0); else v128.store32_lane(p, v, 0);
}

// dst[p·W + c] = src[p·ld + c] for p < kc, c < w (w ≤ W; W = 5, 6 or 8), zeros for c ≥ w; ld in bytes
// @ts-ignore: decorator
@inline function packRows(W: i32, src: usize, ld: usize, kc: i32, w: i32, dst: usize): void {
  if (w == W) {
    for (let p = 0; p < kc; p++) {
      v128.store(dst, v128.load(src));
      storeG(W - 4, dst + 16, loadG(W - 4, src + 16));
      src += ld;
      dst += W << 2;
    }
  } else {
    const z = f32x4.splat(0);
    for (let p = 0; p < kc; p++) {
      v128.store(dst, w >= 4 ? v128.load(src) : loadTail(src, w));
      storeTail(dst + 16, w > 4 ? loadTail(src + 16, w - 4) : z, W - 4);
      src += ld;
      dst += W << 2;
    }
  }
}

// v0..v3 (rows) transposed: returns column q
// @ts-ignore: decorator
@inline function col(q: i32, v0: v128, v1: v128, v2: v128, v3: v128): v128 {
  // interleave rows pairwise, then take the halves: (v0[q], v1[q], v2[q], v3[q])
  const lo = q < 2;
  const a = lo ? v128.shuffle<f32>(v0, v1, 0, 4, 1, 5) : v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
  const b = lo ? v128.shuffle<f32>(v2, v3, 0, 4, 1, 5) : v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
  return (q & 1) == 0 ? v128.shuffle<f32>(a, b, 0, 1, 4, 5) : v128.shuffle<f32>(a, b, 2, 3, 6, 7);
}

// row r of a group (zeros for r ≥ rows), n floats from p (n = 4, or 1–3 for the tail)
// @ts-ignore: decorator
@inline function rowPiece(p: usize, r: i32, rows: i32, n: i32): v128 {
  if (r >= rows) return f32x4.splat(0);
  return n == 4 ? v128.load(p) : loadTail(p, n);
}

// columns [0, G) of the packed rows (G = 4, 2 or 1): dst[p·W + c] = src[c·ld + p] for p < kc, c < G (zeros for
// c ≥ rows). Four steps of p at a time: G = 4 transposes a 4×4 block in registers; G = 2 interleaves two rows
// and stores 8-byte pairs; G = 1 stores lanes.
// @ts-ignore: decorator
@inline function packGroup(G: i32, W: i32, src: usize, ld: usize, kc: i32, rows: i32, dst: usize): void {
  const s0 = src, s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld;
  const step = <usize>W << 2;
  let d = dst;
  for (let p = 0; p < kc; p += 4) {
    const n = min(4, kc - p), o = <usize>p << 2;
    let v0: v128, v1: v128, v2: v128, v3: v128;
    if (n == 4 && rows >= G) {
      v0 = v128.load(s0 + o);
      v1 = G > 1 ? v128.load(s1 + o) : v0;
      v2 = G > 2 ? v128.load(s2 + o) : v0;
      v3 = G > 2 ? v128.load(s3 + o) : v0;
    } else { // the last 1–3 steps of p, or rows missing (read only rows < `rows`)
      v0 = rowPiece(s0 + o, 0, rows, n);
      v1 = G > 1 ? rowPiece(s1 + o, 1, rows, n) : v0;
      v2 = G > 2 ? rowPiece(s2 + o, 2, rows, n) : v0;
      v3 = G > 2 ? rowPiece(s3 + o, 3, rows, n) : v0;
    }
    if (G == 4) {
      v128.store(d, col(0, v0, v1, v2, v3));
      if (n > 1) v128.store(d + step, col(1, v0, v1, v2, v3));
      if (n > 2) v128.store(d + 2 * step, col(2, v0, v1, v2, v3));
      if (n > 3) v128.store(d + 3 * step, col(3, v0, v1, v2, v3));
    } else if (G == 2) {
      const lo = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5), hi = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
      v128.store64_lane(d, lo, 0);
      if (n > 1) v128.store64_lane(d + step, lo, 1);
      if (n > 2) v128.store64_lane(d + 2 * step, hi, 0);
      if (n > 3) v128.store64_lane(d + 3 * step, hi, 1);
    } else {
      v128.store32_lane(d, v0, 0);
      if (n > 1) v128.store32_lane(d + step, v0, 1);
      if (n > 2) v128.store32_lane(d + 2 * step, v0, 2);
      if (n > 3) v128.store32_lane(d + 3 * step, v0, 3);
    }
    d += step << 2;
  }
}

// dst[p·W + c] = src[c·ld + p] for p < kc, c < w (w ≤ W; W = 5, 6 or 8), zeros for c ≥ w (ld in bytes)
// @ts-ignore: decorator
@inline function packCols(W: i32, src: usize, ld: usize, kc: i32, w: i32, dst: usize): void {
  packGroup(4, W, src, ld, kc, w, dst);
  packGroup(W - 4, W, src + 4 * ld, ld, kc, w - 4, dst + 16);
}

// ---- micro-kernel -----------------------------------------------------------------------------------

// C[r, 0..8) (+)= Σ_p ap[p·MR + r]·bp[p·8 + 0..8) for r < R (R ≤ MR): 2R accumulators, 2 B vectors and one
// broadcast A value at a time (v128.load32_splat → vbroadcastss, a load, not a shuffle on the FP ports).
// 6×8 in the relaxed build is 12 + 2 + 1 = 15 xmm registers, all V8 gives wasm; the base build needs one
// more for the product before the add, so it runs 5×8. The k loop is not unrolled (Binaryen would then
// serialise each accumulator's chain). With `more` the sums continue from C (a later k block): every element
// of C is summed in p order, one product at a time, wherever it lies, so splitting rows or k blocks never
// changes a bit.
// @ts-ignore: decorator
@inline function microR(R: i32, ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, more: bool): void {
  const z = f32x4.splat(0);
  let c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
  if (more) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    if (R > 1) { c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16); }
    if (R > 2) { c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16); }
    if (R > 3) { c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16); }
    if (R > 4) { c40 = v128.load(c + 4 * ldc); c41 = v128.load(c + 4 * ldc, 16); }
    if (R > 5) { c50 = v128.load(c + 5 * ldc); c51 = v128.load(c + 5 * ldc, 16); }
  }
  const end = bp + (<usize>kc << 5);
  while (bp < end) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    let s = v128.load32_splat(ap);
    c00 = madd(s, b0, c00);
    c01 = madd(s, b1, c01);
    if (R > 1) {
      s = v128.load32_splat(ap + 4);
      c10 = madd(s, b0, c10);
      c11 = madd(s, b1, c11);
    }
    if (R > 2) {
      s = v128.load32_splat(ap + 8);
      c20 = madd(s, b0, c20);
      c21 = madd(s, b1, c21);
    }
    if (R > 3) {
      s = v128.load32_splat(ap + 12);
      c30 = madd(s, b0, c30);
      c31 = madd(s, b1, c31);
    }
    if (R > 4) {
      s = v128.load32_splat(ap + 16);
      c40 = madd(s, b0, c40);
      c41 = madd(s, b1, c41);
    }
    if (R > 5) {
      s = v128.load32_splat(ap + 20);
      c50 = madd(s, b0, c50);
      c51 = madd(s, b1, c51);
    }
    ap += MR << 2;
    bp += NR << 2;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  if (R > 1) { v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16); }
  if (R > 2) { v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16); }
  if (R > 3) { v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16); }
  if (R > 4) { v128.store(c + 4 * ldc, c40); v128.store(c + 4 * ldc, c41, 16); }
  if (R > 5) { v128.store(c + 5 * ldc, c50); v128.store(c + 5 * ldc, c51, 16); }
}

// rows × 8 of C (1 ≤ rows ≤ MR) from one A panel and one B panel; one specialised copy per row count
function micro(rows: i32, ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, more: bool): void {
  switch (rows) {
    case 1: microR(1, ap, bp, kc, c, ldc, more); break;
    case 2: microR(2, ap, bp, kc, c, ldc, more); break;
    case 3: microR(3, ap, bp, kc, c, ldc, more); break;
    case 4: microR(4, ap, bp, kc, c, ldc, more); break;
    case 5: if (MR >= 5) microR(5, ap, bp, kc, c, ldc, more); break;
    default: if (MR >= 6) microR(6, ap, bp, kc, c, ldc, more);
  }
}

// A tile narrower than NR columns (the last of a row of C): through the MR×NR buffer tmp, so only the
// micro-kernel does arithmetic; only rows × cols of C are read or written.
function edge(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, more: bool, rows: i32, cols: i32, tmp: usize): void {
  if (more) {
    for (let r = 0; r < rows; r++) {
      const s = c + <usize>r * ldc, d = tmp + (<usize>r << 5);
      v128.store(d, cols >= 4 ? v128.load(s) : loadTail(s, cols));
      v128.store(d, cols > 4 ? loadTail(s + 16, cols - 4) : f32x4.splat(0), 16);
    }
  }
  micro(rows, ap, bp, kc, tmp, NR << 2, more);
  for (let r = 0; r < rows; r++) {
    const s = tmp + (<usize>r << 5), d = c + <usize>r * ldc;
    if (cols >= 4) v128.store(d, v128.load(s)); else storeTail(d, v128.load(s), cols);
    if (cols > 4) storeTail(d + 16, v128.load(s, 16), cols - 4);
  }
}

// ---- driver -----------------------------------------------------------------------------------------

// out[m×n] = op(A)·op(B), rows [start, end) of out; A is m×k row-major (k×m if transA), B is k×n (n×k if
// transB); k = 0 gives zeros. `work` holds matmulWorkBytes(m, n, k) bytes (16-byte aligned) of scratch that
// this call may overwrite (one per concurrent call). Relaxed build: products are accumulated with
// f32x4.relaxed_madd (FMA).
export function matmul_f32(a: usize, b: usize, out: usize, m: i32, n: i32, k: i32, transA: i32, transB: i32,
  work: usize, start: i32, end: i32): void {
  assert(m >= 0 && n >= 0 && k >= 0 && start >= 0 && end <= m, "matmul sizes");
  if (start >= end || n <= 0) return;
  const n4 = <usize>n << 2, k4 = <usize>k << 2, m4 = <usize>m << 2;
  if (k == 0) {
    memory.fill(out + <usize>start * n4, 0, <usize>(end - start) * n4);
    return;
  }
  const kcMax = min(k, KC);
  const kb = (k + (k + KC - 1) / KC - 1) / ((k + KC - 1) / KC); // k in equal blocks of ≤ KC (784 → 4 × 196, not 3 × 256 + 16)
  const bp = work, ap = bp + (<usize>(kcMax * roundUp(min(n, NC), NR)) << 2);
  const tmp = ap + (<usize>(kcMax * roundUp(min(m, MC), MR)) << 2);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kb) {
      const kc = min(kb, k - pc), more = pc > 0;
      const kcB = <usize>kc << 5; // bytes of one packed B panel
      // B block rows [pc, pc + kc), columns [jc, jc + nc): B(p, j) at b[p·n + j], or b[j·k + p] when transB
      for (let j = 0; j < nc; j += NR) {
        const w = min(NR, nc - j), d = bp + <usize>(j / NR) * kcB;
        if (!transB) packRows(NR, b + <usize>pc * n4 + (<usize>(jc + j) << 2), n4, kc, w, d);
        else packCols(NR, b + <usize>(jc + j) * k4 + (<usize>pc << 2), k4, kc, w, d);
      }
      for (let ic = start; ic < end; ic += MC) {
        const mc = min(MC, end - ic);
        // A block rows [ic, ic + mc), columns [pc, pc + kc): A(i, p) at a[i·k + p], or a[p·m + i] when transA
        for (let i = 0; i < mc; i += MR) {
          const h = min(MR, mc - i), d = ap + <usize>(i / MR) * <usize>(kc * MR << 2);
          if (!transA) packCols(MR, a + <usize>(ic + i) * k4 + (<usize>pc << 2), k4, kc, h, d);
          else packRows(MR, a + <usize>pc * m4 + (<usize>(ic + i) << 2), m4, kc, h, d);
        }
        for (let j = 0; j < nc; j += NR) {
          const bj = bp + <usize>(j / NR) * kcB, cols = min(NR, nc - j);
          const cj = out + <usize>ic * n4 + (<usize>(jc + j) << 2);
          for (let i = 0; i < mc; i += MR) {
            const ai = ap + <usize>(i / MR) * <usize>(kc * MR << 2), ci = cj + <usize>i * n4, rows = min(MR, mc - i);
            if (cols == NR) micro(rows, ai, bj, kc, ci, n4, more);
            else edge(ai, bj, kc, ci, n4, more, rows, cols, tmp);
          }
        }
      }
    }
  }
}
