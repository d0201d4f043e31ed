// Strided scatter, the mirror of copy: contiguous src written into a strided region of out
// (materialises concat, pad and other writes into a block of a larger tensor)

import { metaDim, metaMid, metaMidStride, metaRank, metaStride, rowOffset } from "./simd";

// out[t·s] = src[t] for t < n, 4-byte words: stride 1 moves vectors, else word by word
// @ts-ignore: decorator
@inline function scatterRow32(src: usize, out: usize, s: i32, n: i32): void {
  let t = 0;
  if (s == 1) {
    for (; t + 4 <= n; t += 4) v128.store(out + (<usize>t << 2), v128.load(src + (<usize>t << 2)));
  }
  const s4 = <usize>s << 2;
  let p = out + <usize>t * s4;
  for (; t < n; t++) {
    store<u32>(p, load<u32>(src + (<usize>t << 2)));
    p += s4;
  }
}

// out[t·s] = src[t] for t < n, bytes
// @ts-ignore: decorator
@inline function scatterRow8(src: usize, out: usize, s: i32, n: i32): void {
  if (s == 1) { memory.copy(out, src, <usize>n); return; }
  let p = out;
  for (let t = 0; t < n; t++) {
    store<u8>(p, load<u8>(src + <usize>t));
    p += <usize>s;
  }
}

// the row odometer of copyStrided, writing instead of reading through the strides
// @ts-ignore: decorator
@inline function scatterStrided(W: i32, src: usize, out: usize, meta: usize, start: i32, end: i32): void {
  if (start >= end) return;
  const last = metaRank(meta) - 1;
  const len = metaDim(meta, last), mid = metaMid(meta);
  const os_ = metaStride(meta, 0, last), ms = metaMidStride(meta, 0);
  let r = start / len, j = start - r * len, k = r % mid;
  let off = rowOffset(meta, 0, r);
  for (let i = start; i < end; ) {
    const n = min(len - j, end - i);
    if (W == 4) scatterRow32(src + (<usize>i << 2), out + (<usize>(off + j * os_) << 2), os_, n);
    else scatterRow8(src + <usize>i, out + <usize>(off + j * os_), os_, n);
    i += n;
    j = 0; r++; k++;
    if (k < mid) off += ms; else { k = 0; off = rowOffset(meta, 0, r); }
  }
}

// out[offset(i)] = src[i], 4-byte elements (f32/i32); meta = [rank, shape, outStrides]
export function scatter_32(src: usize, out: usize, meta: usize, start: i32, end: i32): void {
  scatterStrided(4, src, out, meta, start, end);
}

// out[offset(i)] = src[i], 1-byte elements (bool)
export function scatter_8(src: usize, out: usize, meta: usize, start: i32, end: i32): void {
  scatterStrided(1, src, out, meta, start, end);
}
