// Memory kernels: heap base, strided copy and scatter (broadcast, transpose, slice, concat, pad), fills, dtype casts

import { Cast } from "./opcodes";
import { loadTail, storeTail, metaDim, metaRank, metaStride, metaMid, metaMidStride, rowOffset } from "./simd";

// first byte the host may allocate from (__heap_base; static data, if any, lies below it)
export function heapBase(): usize { return __heap_base; }

// ---- strided copy and scatter ---------------------------------------------------------------------

// out[t] = src[t·s] for t < n, 4-byte words: stride 1 copies by vectors, stride 0 splats, else gathers
// @ts-ignore: decorator
@inline export function copyRow32(src: usize, s: i32, out: usize, n: i32): void {
  let t = 0;
  if (s == 1) {
    for (; t + 16 <= n; t += 16) {
      const o = <usize>t << 2;
      const v0 = v128.load(src + o), v1 = v128.load(src + o, 16), v2 = v128.load(src + o, 32), v3 = v128.load(src + o, 48);
      v128.store(out + o, v0);
      v128.store(out + o, v1, 16);
      v128.store(out + o, v2, 32);
      v128.store(out + o, v3, 48);
    }
    for (; t + 4 <= n; t += 4) v128.store(out + (<usize>t << 2), v128.load(src + (<usize>t << 2)));
  } else if (s == 0) {
    const v = v128.load32_splat(src);
    for (; t + 4 <= n; t += 4) v128.store(out + (<usize>t << 2), v);
  }
  const s4 = <usize>s << 2;
  let p = src + <usize>t * s4;
  for (; t < n; t++) {
    store<u32>(out + (<usize>t << 2), load<u32>(p));
    p += s4;
  }
}

// out[t] = src[t·s] for t < n, bytes
// @ts-ignore: decorator
@inline function copyRow8(src: usize, s: i32, out: usize, n: i32): void {
  if (s == 1) { memory.copy(out, src, <usize>n); return; }
  if (s == 0) { memory.fill(out, load<u8>(src), <usize>n); return; }
  let p = src;
  for (let t = 0; t < n; t++) {
    store<u8>(out + <usize>t, load<u8>(p));
    p += <usize>s;
  }
}

// four consecutive output rows of a transpose-like copy, 4-byte words: out[q·len + t] = src[q + t·s] for
// q < 4, t < len. Each 4-word load gathers one column of the block; a 4×4 register transpose turns four
// of them into four row pieces, so src is read 16 bytes at a time instead of one word per cache line.
// @ts-ignore: decorator
@inline function transposeRows4(src: usize, s: i32, out: usize, len: i32): void {
  const s4 = <usize>s << 2, row = <usize>len << 2;
  let t = 0;
  let p = src;
  for (; t + 4 <= len; t += 4) {
    const v0 = v128.load(p), v1 = v128.load(p + s4), v2 = v128.load(p + 2 * s4), v3 = v128.load(p + 3 * s4);
    const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
    const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
    const o = out + (<usize>t << 2);
    v128.store(o, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
    v128.store(o + row, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
    v128.store(o + 2 * row, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
    v128.store(o + 3 * row, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    p += 4 * s4;
  }
  for (; t < len; t++) {
    const o = out + (<usize>t << 2);
    store<u32>(o, load<u32>(p));
    store<u32>(o + row, load<u32>(p, 4));
    store<u32>(o + 2 * row, load<u32>(p, 8));
    store<u32>(o + 3 * row, load<u32>(p, 12));
    p += s4;
  }
}

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

// The strided walk (binary.ts's walk2) with one strided operand (meta strides 0): copy reads src through the
// strides into contiguous out; scatter (SCATTER) writes contiguous src through the strides into out.
// W-byte elements (4 or 1).
// @ts-ignore: decorator
@inline function walk1(SCATTER: bool, W: i32, src: usize, out: usize, meta: usize, start: i32, end: i32): void {
  if (start >= end) return;
  const last = metaRank(meta) - 1;
  const len = metaDim(meta, last), mid = metaMid(meta);
  const is = metaStride(meta, 0, last), ms = metaMidStride(meta, 0);
  // transposes (rows read down a column, the next row one word on) go four rows at a time
  const blocks = !SCATTER && W == 4 && ms == 1 && <u32>is > 1 && len >= 4;
  let r = start / len, j = start - r * len, k = r % mid;
  let os = rowOffset(meta, 0, r); // the strided operand's offset at row r
  for (let i = start; i < end; ) {
    let rows = 1;
    if (blocks && j == 0 && k + 4 <= mid && end - i >= 4 * len) {
      transposeRows4(src + (<usize>os << 2), is, out + (<usize>i << 2), len);
      rows = 4;
      i += 4 * len;
    } else {
      const n = min(len - j, end - i);
      if (SCATTER) {
        if (W == 4) scatterRow32(src + (<usize>i << 2), out + (<usize>(os + j * is) << 2), is, n);
        else scatterRow8(src + <usize>i, out + <usize>(os + j * is), is, n);
      } else {
        if (W == 4) copyRow32(src + (<usize>(os + j * is) << 2), is, out + (<usize>i << 2), n);
        else copyRow8(src + <usize>(os + j * is), is, out + <usize>i, n);
      }
      i += n;
    }
    j = 0; r += rows; k += rows;
    if (k < mid) os += rows * ms; else { k = 0; os = rowOffset(meta, 0, r); }
  }
}

// out[i] = src[offset(i)], 4-byte elements (f32/i32)
export function copy_32(src: usize, out: usize, meta: usize, start: i32, end: i32): void {
  walk1(false, 4, src, out, meta, start, end);
}

// out[i] = src[offset(i)], 1-byte elements (bool)
export function copy_8(src: usize, out: usize, meta: usize, start: i32, end: i32): void {
  walk1(false, 1, src, out, meta, start, end);
}

// out[offset(i)] = src[i], 4-byte elements (f32/i32); meta = [rank, shape, outStrides]
export function scatter_32(src: usize, out: usize, meta: usize, start: i32, end: i32): void {
  walk1(true, 4, src, out, meta, start, end);
}

// out[offset(i)] = src[i], 1-byte elements (bool)
export function scatter_8(src: usize, out: usize, meta: usize, start: i32, end: i32): void {
  walk1(true, 1, src, out, meta, start, end);
}

// ---- fill -----------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function fill32(out: usize, v: v128, start: i32, end: i32): void {
  let i = start;
  for (; i + 16 <= end; i += 16) {
    const o = <usize>i << 2;
    v128.store(out + o, v);
    v128.store(out + o, v, 16);
    v128.store(out + o, v, 32);
    v128.store(out + o, v, 48);
  }
  for (; i + 4 <= end; i += 4) v128.store(out + (<usize>i << 2), v);
  if (i < end) storeTail(out + (<usize>i << 2), v, end - i);
}

// out[i] = v
export function fill_f32(out: usize, v: f32, start: i32, end: i32): void { fill32(out, f32x4.splat(v), start, end); }
// out[i] = v
export function fill_i32(out: usize, v: i32, start: i32, end: i32): void { fill32(out, i32x4.splat(v), start, end); }
// out[i] = v & 0xff
export function fill_u8(out: usize, v: i32, start: i32, end: i32): void {
  if (start < end) memory.fill(out + <usize>start, <u8>v, <usize>(end - start));
}

// ---- casts ----------------------------------------------------------------------------------------

// 32-bit → 32-bit casts on a vector
// @ts-ignore: decorator
@inline function cast32V(op: i32, v: v128): v128 {
  if (op == Cast.F32_I32) return i32x4.trunc_sat_f32x4_s(v);
  if (op == Cast.I32_F32) return f32x4.convert_i32x4_s(v);
  if (op == Cast.F32_U8) return f32x4.ne(v, f32x4.splat(0)); // 0/-1 masks, narrowed by the caller
  return i32x4.ne(v, i32x4.splat(0));
}

// out[i] = cast(x[i]) for 32-bit → 32-bit; the tail goes through the same vector op
// @ts-ignore: decorator
@inline function cast32(op: i32, x: usize, out: usize, start: i32, end: i32): void {
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, cast32V(op, v128.load(x + o)));
  }
  if (i < end) {
    const o = <usize>i << 2;
    storeTail(out + o, cast32V(op, loadTail(x + o, end - i)), end - i);
  }
}

// out[i] = x[i] != 0 ? 1 : 0 as bytes, from 32-bit x (NaN → 1)
// @ts-ignore: decorator
@inline function castToU8(op: i32, x: usize, out: usize, start: i32, end: i32): void {
  let i = start;
  for (; i + 16 <= end; i += 16) {
    const o = <usize>i << 2;
    const m0 = cast32V(op, v128.load(x + o)), m1 = cast32V(op, v128.load(x + o, 16));
    const m2 = cast32V(op, v128.load(x + o, 32)), m3 = cast32V(op, v128.load(x + o, 48));
    const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
    v128.store(out + <usize>i, v128.and(bytes, i8x16.splat(1)));
  }
  for (; i < end; i++) {
    const v = loadTail(x + (<usize>i << 2), 1);
    store<u8>(out + <usize>i, <u8>(i32x4.extract_lane(cast32V(op, v), 0) & 1));
  }
}

// out[i] = u8 x[i] widened to 32-bit lanes, as i32 (F = false) or f32 (F = true)
// @ts-ignore: decorator
@inline function castFromU8(F: bool, x: usize, out: usize, start: i32, end: i32): void {
  let i = start;
  for (; i + 16 <= end; i += 16) {
    const v = v128.load(x + <usize>i);
    const lo = i16x8.extend_low_i8x16_u(v), hi = i16x8.extend_high_i8x16_u(v);
    let w0 = i32x4.extend_low_i16x8_u(lo), w1 = i32x4.extend_high_i16x8_u(lo);
    let w2 = i32x4.extend_low_i16x8_u(hi), w3 = i32x4.extend_high_i16x8_u(hi);
    if (F) {
      w0 = f32x4.convert_i32x4_s(w0); w1 = f32x4.convert_i32x4_s(w1);
      w2 = f32x4.convert_i32x4_s(w2); w3 = f32x4.convert_i32x4_s(w3);
    }
    const o = <usize>i << 2;
    v128.store(out + o, w0);
    v128.store(out + o, w1, 16);
    v128.store(out + o, w2, 32);
    v128.store(out + o, w3, 48);
  }
  for (; i < end; i++) {
    const b = <i32>load<u8>(x + <usize>i);
    if (F) store<f32>(out + (<usize>i << 2), <f32>b); // exact: 0..255
    else store<i32>(out + (<usize>i << 2), b);
  }
}

// out[i] = trunc(x[i]) toward zero, saturating to [-2^31, 2^31-1], NaN → 0 (i32.trunc_sat_f32_s)
export function cast_f32_i32(x: usize, out: usize, start: i32, end: i32): void { cast32(Cast.F32_I32, x, out, start, end); }
// out[i] = f32(x[i]), rounded to nearest even
export function cast_i32_f32(x: usize, out: usize, start: i32, end: i32): void { cast32(Cast.I32_F32, x, out, start, end); }
// out[i] = f32(x[i]) for u8 x
export function cast_u8_f32(x: usize, out: usize, start: i32, end: i32): void { castFromU8(true, x, out, start, end); }
// out[i] = i32(x[i]) for u8 x
export function cast_u8_i32(x: usize, out: usize, start: i32, end: i32): void { castFromU8(false, x, out, start, end); }
// out[i] = x[i] != 0 ? 1 : 0 (u8; NaN → 1, as TF)
export function cast_f32_u8(x: usize, out: usize, start: i32, end: i32): void { castToU8(Cast.F32_U8, x, out, start, end); }
// out[i] = x[i] != 0 ? 1 : 0 (u8)
export function cast_i32_u8(x: usize, out: usize, start: i32, end: i32): void { castToU8(Cast.I32_U8, x, out, start, end); }
