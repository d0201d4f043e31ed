// Index kernels: gather rows, scatter-add rows (gather's transpose: unsorted segment sum), one-hot rows

import { copyRow32 } from "./copy";
import { addRow } from "./simd";

// Geometry shared by gather and segment sum: x is a contiguous [outer, n, inner] view and y a contiguous
// [outer, m, inner] view; row j of y's outer slice o pairs with row idx[(o / per)·m + j] of x's slice o.
// per is the number of outer slices sharing one list of m indices (per ≥ outer: all share one list;
// smaller with batch dimensions). An index outside [0, n) is never dereferenced: gather writes a zero
// row and segment sum skips the row (the host rejects such indices before calling; this is the guard).

// W-byte elements (4 or 1); rows r in [start, end) of y = [outer, m, inner], r = o·m + j
// @ts-ignore: decorator
@inline function gatherRows(W: i32, x: usize, idx: usize, out: usize, n: i32, inner: i32, m: i32, per: i32, start: i32, end: i32): void {
  if (start >= end) return;
  const rowBytes = <usize>inner * <usize>W;
  let o = start / m, j = start - o * m;
  let list = idx + ((<usize>(o / per) * <usize>m) << 2);
  let dst = out + <usize>start * rowBytes;
  for (let r = start; r < end; r++) {
    const i = load<i32>(list + (<usize>j << 2));
    if (<u32>i < <u32>n) {
      const src = x + (<usize>o * <usize>n + <usize>i) * rowBytes;
      if (W == 4) copyRow32(src, 1, dst, inner);
      else memory.copy(dst, src, rowBytes);
    } else {
      memory.fill(dst, 0, rowBytes);
    }
    dst += rowBytes;
    if (++j == m) {
      j = 0;
      o++;
      list = idx + ((<usize>(o / per) * <usize>m) << 2);
    }
  }
}

// y[o, j, :] = x[o, idx[(o / per)·m + j], :], 4-byte elements (f32/i32); the range is over rows of y
export function gather_32(x: usize, idx: usize, out: usize, n: i32, inner: i32, m: i32, per: i32, start: i32, end: i32): void {
  gatherRows(4, x, idx, out, n, inner, m, per, start, end);
}

// y[o, j, :] = x[o, idx[(o / per)·m + j], :], 1-byte elements (bool); the range is over rows of y
export function gather_8(x: usize, idx: usize, out: usize, n: i32, inner: i32, m: i32, per: i32, start: i32, end: i32): void {
  gatherRows(1, x, idx, out, n, inner, m, per, start, end);
}

// out[o, i, :] = Σ_{j : idx[(o / per)·m + j] = i} y[o, j, :], f32, summed in increasing j (deterministic);
// out = [outer, n, inner] is zeroed first. The range is over outer slices, so ranges never share output.
export function segment_sum_f32(y: usize, idx: usize, out: usize, n: i32, inner: i32, m: i32, per: i32, start: i32, end: i32): void {
  const rowBytes = <usize>inner << 2;
  for (let o = start; o < end; o++) {
    const base = out + <usize>o * <usize>n * rowBytes;
    memory.fill(base, 0, <usize>n * rowBytes);
    const list = idx + ((<usize>(o / per) * <usize>m) << 2);
    let src = y + <usize>o * <usize>m * rowBytes;
    for (let j = 0; j < m; j++) {
      const i = load<i32>(list + (<usize>j << 2));
      if (<u32>i < <u32>n) addRow(base + <usize>i * rowBytes, src, inner);
      src += rowBytes;
    }
  }
}

// out[r, :] = off except out[r, idx[r]] = on when 0 ≤ idx[r] < depth (TF: other indices give all-off rows);
// 4-byte elements, on/off passed as bit patterns; the range is over rows r (elements of idx)
export function one_hot_32(idx: usize, out: usize, depth: i32, on: i32, off: i32, start: i32, end: i32): void {
  const rowBytes = <usize>depth << 2;
  const v = i32x4.splat(off);
  let dst = out + <usize>start * rowBytes;
  for (let r = start; r < end; r++) {
    let t = 0;
    for (; t + 4 <= depth; t += 4) v128.store(dst + (<usize>t << 2), v);
    for (; t < depth; t++) store<i32>(dst + (<usize>t << 2), off);
    const i = load<i32>(idx + (<usize>r << 2));
    if (<u32>i < <u32>depth) store<i32>(dst + (<usize>i << 2), on);
    dst += rowBytes;
  }
}
