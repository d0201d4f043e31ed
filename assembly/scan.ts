// Cumulative sums and products along the middle axis of a contiguous [outer, n, inner] view (f32, i32)

import { loadTail, storeTail } from "./simd";

// @ts-ignore: decorator
@inline const EXCLUSIVE = 1;
// @ts-ignore: decorator
@inline const REVERSE = 2;

// @ts-ignore: decorator
@inline function opV<T>(prod: bool, a: v128, b: v128): v128 {
  if (isInteger<T>()) return prod ? i32x4.mul(a, b) : i32x4.add(a, b);
  return prod ? f32x4.mul(a, b) : f32x4.add(a, b);
}

// One row of the scan: out_row = prev op src (src = x_row, or the previous x row when exclusive), 4 lanes at a time;
// prev = 0 means "the first row": out_row = src, or the identity when there is no src.
// @ts-ignore: decorator
@inline function row<T>(prod: bool, src: usize, prev: usize, dst: usize, inner: i32): void {
  const one: v128 = isInteger<T>() ? i32x4.splat(prod ? 1 : 0) : f32x4.splat(prod ? 1 : 0);
  let j = 0;
  for (; j + 4 <= inner; j += 4) {
    const o = <usize>j << 2;
    const s = src != 0 ? v128.load(src + o) : one;
    v128.store(dst + o, prev != 0 ? opV<T>(prod, v128.load(prev + o), s) : s);
  }
  if (j < inner) {
    const o = <usize>j << 2, k = inner - j;
    const s = src != 0 ? loadTail(src + o, k) : one;
    storeTail(dst + o, prev != 0 ? opV<T>(prod, loadTail(prev + o, k), s) : s, k);
  }
}

// out[o, i, :] = x[o, 0, :] op … op x[o, i, :] (exclusive: up to i − 1, the first row the identity; reverse: from
// the last row down), a row at a time so each step is contiguous; linear in the size. NOTE: sums accumulate in
// order, in f32 (as TF's CPU kernel), and i32 wraps. The range is over outer.
// @ts-ignore: decorator
@inline function scan<T>(prod: bool, x: usize, out: usize, n: i32, inner: i32, flags: i32, start: i32, end: i32): void {
  const exclusive = (flags & EXCLUSIVE) != 0, reverse = (flags & REVERSE) != 0;
  const rowBytes = <usize>inner << 2;
  for (let o = start; o < end; o++) {
    const base = <usize>o * <usize>n * rowBytes;
    for (let s = 0; s < n; s++) {
      const i = reverse ? n - 1 - s : s, p = reverse ? i + 1 : i - 1; // p: the previous row in scan order
      const dst = out + base + <usize>i * rowBytes;
      const prev: usize = s == 0 ? 0 : out + base + <usize>p * rowBytes;
      const src: usize = exclusive ? (s == 0 ? 0 : x + base + <usize>p * rowBytes) : x + base + <usize>i * rowBytes;
      row<T>(prod, src, prev, dst, inner);
    }
  }
}

export function cumsum_f32(x: usize, out: usize, n: i32, inner: i32, flags: i32, start: i32, end: i32): void { scan<f32>(false, x, out, n, inner, flags, start, end); }
export function cumprod_f32(x: usize, out: usize, n: i32, inner: i32, flags: i32, start: i32, end: i32): void { scan<f32>(true, x, out, n, inner, flags, start, end); }
export function cumsum_i32(x: usize, out: usize, n: i32, inner: i32, flags: i32, start: i32, end: i32): void { scan<i32>(false, x, out, n, inner, flags, start, end); }
export function cumprod_i32(x: usize, out: usize, n: i32, inner: i32, flags: i32, start: i32, end: i32): void { scan<i32>(true, x, out, n, inner, flags, start, end); }
