// Cumulative sums and products along the middle axis of a contiguous [outer, n, inner] view (f32, i32)

// @ts-ignore: decorator
@inline const EXCLUSIVE = 1;
// @ts-ignore: decorator
@inline const REVERSE = 2;

// kind: 0 sum f32, 1 product f32, 2 sum i32, 3 product i32 (a runtime switch: one body for all four, the module's size)
// @ts-ignore: decorator
@inline function opV(kind: i32, a: v128, b: v128): v128 {
  if (kind == 0) return f32x4.add(a, b);
  if (kind == 1) return f32x4.mul(a, b);
  if (kind == 2) return i32x4.add(a, b);
  return i32x4.mul(a, b);
}

// One row of the scan: out_row = prev op src (src = x_row, or the previous x row when exclusive), 4 lanes at a time;
// prev = 0 means "the first row": out_row = src, or the identity when there is no src.
// @ts-ignore: decorator
@inline function row(kind: i32, one: v128, src: usize, prev: usize, dst: usize, inner: i32): void {
  let j = 0;
  for (; j + 4 <= inner; j += 4) {
    const o = <usize>j << 2;
    const s = src != 0 ? v128.load(src + o) : one;
    v128.store(dst + o, prev != 0 ? opV(kind, v128.load(prev + o), s) : s);
  }
  // the tail one lane at a time (lane 0 of a splat; smaller code than partial vectors)
  for (; j < inner; j++) {
    const o = <usize>j << 2;
    const s = src != 0 ? v128.load32_splat(src + o) : one;
    v128.store32_lane(dst + o, prev != 0 ? opV(kind, v128.load32_splat(prev + o), s) : s, 0);
  }
}

// out[o, i, :] = x[o, 0, :] op … op x[o, i, :] (exclusive: up to i − 1, the first row the identity; reverse: from
// the last row down), a row at a time so each step is contiguous; linear in the size. NOTE: sums accumulate in
// order, in f32 (as TF's CPU kernel), and i32 wraps. The range is over outer.
function scan(kind: i32, x: usize, out: usize, n: i32, inner: i32, flags: i32, start: i32, end: i32): void {
  const exclusive = (flags & EXCLUSIVE) != 0, reverse = (flags & REVERSE) != 0;
  const one = kind == 0 ? f32x4.splat(0) : kind == 1 ? f32x4.splat(1) : i32x4.splat(kind == 2 ? 0 : 1);
  const rowBytes = <usize>inner << 2;
  for (let o = start; o < end; o++) {
    const base = <usize>o * <usize>n * rowBytes;
    if (inner == 1) {
      // one running value in lane 0 (a vector's scan: no row to re-read)
      let acc = one;
      for (let s = 0; s < n; s++) {
        const at = base + (<usize>(reverse ? n - 1 - s : s) << 2), v = v128.load32_splat(x + at);
        if (exclusive) { v128.store32_lane(out + at, acc, 0); acc = opV(kind, acc, v); }
        else { acc = opV(kind, acc, v); v128.store32_lane(out + at, acc, 0); }
      }
      continue;
    }
    for (let s = 0; s < n; s++) {
      const i = reverse ? n - 1 - s : s, p = reverse ? i + 1 : i - 1; // p: the previous row in scan order
      const dst = out + base + <usize>i * rowBytes;
      const prev: usize = s == 0 ? 0 : out + base + <usize>p * rowBytes;
      const src: usize = exclusive ? (s == 0 ? 0 : x + base + <usize>p * rowBytes) : x + base + <usize>i * rowBytes;
      row(kind, one, src, prev, dst, inner);
    }
  }
}

export function cumsum_f32(x: usize, out: usize, n: i32, inner: i32, flags: i32, start: i32, end: i32): void { scan(0, x, out, n, inner, flags, start, end); }
export function cumprod_f32(x: usize, out: usize, n: i32, inner: i32, flags: i32, start: i32, end: i32): void { scan(1, x, out, n, inner, flags, start, end); }
export function cumsum_i32(x: usize, out: usize, n: i32, inner: i32, flags: i32, start: i32, end: i32): void { scan(2, x, out, n, inner, flags, start, end); }
export function cumprod_i32(x: usize, out: usize, n: i32, inner: i32, flags: i32, start: i32, end: i32): void { scan(3, x, out, n, inner, flags, start, end); }
