// 2-D convolution (NHWC) as im2col + matmul_f32, and its input gradient as matmul + col2im (a gather)

import { addRow } from "./simd";

// Geometry meta block (i32 words, written by the host), shared with the pooling kernels:
// [N, H, W, C, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl]: batch, input height/width/channels, filter
// height/width, output height/width, strides, dilations, top/left padding. Output pixel (oh, ow) reads
// input rows oh·sh − pt + kh·dh and columns ow·sw − pl + kw·dw; positions outside the input are zeros.

// @ts-ignore: decorator
@inline export function g(meta: usize, i: i32): i32 { return load<i32>(meta + (<usize>i << 2)); }

// debug build: a range inside [0, N·pixels) (pixels = OH·OW when `out`, else H·W) and strides, dilations ≥ 1
// @ts-ignore: decorator
@inline export function checkRange(meta: usize, out: bool, start: i32, end: i32): void {
  const pixels = out ? g(meta, 6) * g(meta, 7) : g(meta, 1) * g(meta, 2);
  assert(start >= 0 && start <= end && end <= g(meta, 0) * pixels, "nn range");
  assert(g(meta, 8) >= 1 && g(meta, 9) >= 1 && g(meta, 10) >= 1 && g(meta, 11) >= 1, "nn strides");
}

// Rows [start, end) of the patch matrix: row p (output pixel p of N·OH·OW, at col + p·K·4) holds the
// K = KH·KW·C inputs under the filter, in filter order (kh, kw, c), zeros where the filter hangs over
// the border. With dw = 1 the KW·C values of one filter row are contiguous in x: one copy per row.
export function im2col_f32(x: usize, col: usize, meta: usize, start: i32, end: i32): void {
  checkRange(meta, true, start, end);
  const H = g(meta, 1), W = g(meta, 2), C = g(meta, 3), KH = g(meta, 4), KW = g(meta, 5);
  const OH = g(meta, 6), OW = g(meta, 7), sh = g(meta, 8), sw = g(meta, 9), dh = g(meta, 10), dw = g(meta, 11);
  const pt = g(meta, 12), pl = g(meta, 13);
  const c4 = <usize>C << 2, row4 = <usize>KW * c4, img = <usize>H * <usize>W * c4;
  let dst = col + <usize>start * <usize>KH * row4;
  for (let p = start; p < end; p++) {
    const n = p / (OH * OW), r = p - n * OH * OW, oh = r / OW, ow = r - oh * OW;
    const xn = x + <usize>n * img;
    const ih0 = oh * sh - pt, iw0 = ow * sw - pl;
    for (let kh = 0; kh < KH; kh++) {
      const ih = ih0 + kh * dh;
      if (ih < 0 || ih >= H) {
        memory.fill(dst, 0, row4);
      } else if (dw == 1) { // kw in [lo, hi) reads columns iw0 + kw inside the input
        const xr = xn + <usize>(ih * W) * c4;
        const lo = min(max(-iw0, 0), KW), hi = max(lo, min(W - iw0, KW));
        if (lo > 0) memory.fill(dst, 0, <usize>lo * c4);
        memory.copy(dst + <usize>lo * c4, xr + <usize>(iw0 + lo) * c4, <usize>(hi - lo) * c4);
        if (hi < KW) memory.fill(dst + <usize>hi * c4, 0, <usize>(KW - hi) * c4);
      } else {
        const xr = xn + <usize>(ih * W) * c4;
        for (let kw = 0; kw < KW; kw++) {
          const iw = iw0 + kw * dw, o = dst + <usize>kw * c4;
          if (iw < 0 || iw >= W) memory.fill(o, 0, c4);
          else memory.copy(o, xr + <usize>iw * c4, c4);
        }
      }
      dst += row4;
    }
  }
}

// The adjoint of im2col: input pixels [start, end) of N·H·W; dx[q, c] = Σ dcol[p, (kh, kw, c)] over the
// (output pixel p, filter tap kh, kw) pairs that read pixel q, in ascending (kh, kw) order. A gather, so
// ranges never write the same element and the sum's order does not depend on the range.
export function col2im_f32(dcol: usize, dx: usize, meta: usize, start: i32, end: i32): void {
  checkRange(meta, false, start, end);
  const H = g(meta, 1), W = g(meta, 2), C = g(meta, 3), KH = g(meta, 4), KW = g(meta, 5);
  const OH = g(meta, 6), OW = g(meta, 7), sh = g(meta, 8), sw = g(meta, 9), dh = g(meta, 10), dw = g(meta, 11);
  const pt = g(meta, 12), pl = g(meta, 13);
  const c4 = <usize>C << 2, K4 = <usize>KH * <usize>KW * c4;
  for (let q = start; q < end; q++) {
    const n = q / (H * W), r = q - n * H * W, ih = r / W, iw = r - ih * W;
    const o = dx + <usize>q * c4;
    memory.fill(o, 0, c4);
    for (let kh = 0; kh < KH; kh++) {
      const t = ih + pt - kh * dh; // = oh·sh
      if (t < 0) break;
      const oh = t / sh;
      if (oh * sh != t || oh >= OH) continue;
      for (let kw = 0; kw < KW; kw++) {
        const u = iw + pl - kw * dw; // = ow·sw
        if (u < 0) break;
        const ow = u / sw;
        if (ow * sw != u || ow >= OW) continue;
        addRow(o, dcol + <usize>((n * OH + oh) * OW + ow) * K4 + <usize>(kh * KW + kw) * c4, C);
      }
    }
  }
}
