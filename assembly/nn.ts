// NHWC nn kernels: 2-D convolution as im2col + matmul_f32 (its input gradient as matmul + col2im, a gather),
// max and average pooling and their gradients (vectorised over channels, f32x4 body, partial last block)

import { addRow, loadTail, storeTail } from "./simd";

// Geometry meta block (i32 words, written by the host), shared by convolution and pooling:
// [N, H, W, C, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl]: batch, input height/width/channels, filter
// height/width, output height/width, strides, dilations, top/left padding. Output pixel (oh, ow) reads
// input rows oh·sh − pt + kh·dh and columns ow·sw − pl + kw·dw; positions outside the input are zeros.

// @ts-ignore: decorator
@inline function g(meta: usize, i: i32): i32 { return load<i32>(meta + (<usize>i << 2)); }

// debug build: a range inside [0, N·pixels) (pixels = OH·OW when `out`, else H·W) and strides, dilations ≥ 1
// @ts-ignore: decorator
@inline function checkRange(meta: usize, out: bool, start: i32, end: i32): void {
  const pixels = out ? g(meta, 6) * g(meta, 7) : g(meta, 1) * g(meta, 2);
  assert(start >= 0 && start <= end && end <= g(meta, 0) * pixels, "nn range");
  assert(g(meta, 8) >= 1 && g(meta, 9) >= 1 && g(meta, 10) >= 1 && g(meta, 11) >= 1, "nn strides");
}

// ---- convolution --------------------------------------------------------------------------------------

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

// ---- pooling ------------------------------------------------------------------------------------------

// The geometry meta block with dh = dw = 1: output pixel (oh, ow) pools rows [oh·sh − pt, + KH) and
// columns [ow·sw − pl, + KW), clipped to the input.

// 4 channels (or the w < 4 of a partial last block) at p
// @ts-ignore: decorator
@inline function ld(PART: bool, p: usize, w: i32): v128 { return PART ? loadTail(p, w) : v128.load(p); }
// @ts-ignore: decorator
@inline function st(PART: bool, p: usize, v: v128, w: i32): void { if (PART) storeTail(p, v, w); else v128.store(p, v); }

// first and one-past-last output index whose window [o·s − pad, o·s − pad + k) holds input index i
// @ts-ignore: decorator
@inline function firstWindow(i: i32, pad: i32, k: i32, s: i32): i32 {
  const t = i + pad - k + 1;
  return t <= 0 ? 0 : (t + s - 1) / s;
}
// @ts-ignore: decorator
@inline function endWindow(i: i32, pad: i32, s: i32, outN: i32): i32 { return min((i + pad) / s + 1, outN); }

// max over one window for channels [c, c + 4): strictly greater replaces, so the first maximum in
// row-major window order wins (TF's tie rule); a NaN replaces any number and no NaN replaces a NaN, so a
// window holding NaN gives NaN at its first NaN (as max and argMax; numpy, JAX, PyTorch); pos = ih·W + iw
// of the max, −1 if the window holds no input
// @ts-ignore: decorator
@inline function maxBlock(PART: bool, xn: usize, c4: usize, W: i32, h0: i32, h1: i32, w0: i32, w1: i32, w: i32,
  out: usize, idx: usize): void {
  let m = f32x4.splat(-Infinity), pos = i32x4.splat(-1);
  for (let ih = h0; ih < h1; ih++) {
    for (let iw = w0; iw < w1; iw++) {
      const v = ld(PART, xn + <usize>(ih * W + iw) * c4, w);
      const gt = v128.or(f32x4.gt(v, m), v128.andnot(f32x4.ne(v, v), f32x4.ne(m, m)));
      m = v128.bitselect(v, m, gt);
      pos = v128.bitselect(i32x4.splat(ih * W + iw), pos, gt);
    }
  }
  if (out != 0) st(PART, out, m, w);
  if (idx != 0) st(PART, idx, pos, w);
}

// Output pixels [start, end) of N·OH·OW: out = the window maxima, idx (i32) = where each lies in its
// image (ih·W + iw; −1 for a window outside the input). Either pointer may be 0 to skip that output.
export function maxpool_f32(x: usize, out: usize, idx: usize, meta: usize, start: i32, end: i32): void {
  checkRange(meta, true, start, end);
  const H = g(meta, 1), W = g(meta, 2), C = g(meta, 3), KH = g(meta, 4), KW = g(meta, 5);
  const OH = g(meta, 6), OW = g(meta, 7), sh = g(meta, 8), sw = g(meta, 9), pt = g(meta, 12), pl = g(meta, 13);
  const c4 = <usize>C << 2, C4 = C & ~3;
  for (let p = start; p < end; p++) {
    const n = p / (OH * OW), r = p - n * OH * OW, oh = r / OW, ow = r - oh * OW;
    const xn = x + <usize>n * <usize>(H * W) * c4;
    const hs = oh * sh - pt, ws = ow * sw - pl;
    const h0 = max(hs, 0), h1 = min(hs + KH, H), w0 = max(ws, 0), w1 = min(ws + KW, W);
    const o = <usize>p * c4;
    let c = 0;
    for (; c < C4; c += 4) {
      const b = <usize>c << 2;
      maxBlock(false, xn + b, c4, W, h0, h1, w0, w1, 4, out == 0 ? 0 : out + o + b, idx == 0 ? 0 : idx + o + b);
    }
    if (c < C) {
      const b = <usize>c << 2;
      maxBlock(true, xn + b, c4, W, h0, h1, w0, w1, C - c, out == 0 ? 0 : out + o + b, idx == 0 ? 0 : idx + o + b);
    }
  }
}

// dx for channels [c, c + 4) of input pixel `pos`: the dy of every window whose max (idx) is that pixel
// @ts-ignore: decorator
@inline function maxBackBlock(PART: bool, dy: usize, idx: usize, o: usize, c4: usize, OW: i32, pos: i32,
  oh0: i32, oh1: i32, ow0: i32, ow1: i32, w: i32): void {
  let acc = f32x4.splat(0);
  const me = i32x4.splat(pos);
  for (let oh = oh0; oh < oh1; oh++) {
    for (let ow = ow0; ow < ow1; ow++) {
      const k = <usize>(oh * OW + ow) * c4;
      const hit = i32x4.eq(ld(PART, idx + k, w), me);
      acc = f32x4.add(acc, v128.and(ld(PART, dy + k, w), hit));
    }
  }
  st(PART, o, acc, w);
}

// The gradient of max pooling: input pixels [start, end) of N·H·W; dx[q, c] = Σ dy[p, c] over the output
// pixels p whose window holds q and whose max (idx, from maxpool_f32) is q, in ascending p order (a gather).
export function maxpool_backprop_f32(dy: usize, idx: usize, dx: usize, meta: usize, start: i32, end: i32): void {
  checkRange(meta, false, start, end);
  const H = g(meta, 1), W = g(meta, 2), C = g(meta, 3), KH = g(meta, 4), KW = g(meta, 5);
  const OH = g(meta, 6), OW = g(meta, 7), sh = g(meta, 8), sw = g(meta, 9), pt = g(meta, 12), pl = g(meta, 13);
  const c4 = <usize>C << 2, C4 = C & ~3;
  for (let q = start; q < end; q++) {
    const n = q / (H * W), r = q - n * H * W, ih = r / W, iw = r - ih * W;
    const oh0 = firstWindow(ih, pt, KH, sh), oh1 = endWindow(ih, pt, sh, OH);
    const ow0 = firstWindow(iw, pl, KW, sw), ow1 = endWindow(iw, pl, sw, OW);
    const img = <usize>n * <usize>(OH * OW) * c4;
    const o = dx + <usize>q * c4;
    let c = 0;
    for (; c < C4; c += 4) {
      const b = <usize>c << 2;
      maxBackBlock(false, dy + img + b, idx + img + b, o + b, c4, OW, r, oh0, oh1, ow0, ow1, 4);
    }
    if (c < C) {
      const b = <usize>c << 2;
      maxBackBlock(true, dy + img + b, idx + img + b, o + b, c4, OW, r, oh0, oh1, ow0, ow1, C - c);
    }
  }
}

// The adjoint of maxpool_backprop_f32: output pixels [start, end); out[p, c] = src[image of p, idx[p, c], c]
// (src has the input's shape), 0 where idx is −1.
export function maxpool_gather_f32(src: usize, idx: usize, out: usize, meta: usize, start: i32, end: i32): void {
  checkRange(meta, true, start, end);
  const H = g(meta, 1), W = g(meta, 2), C = g(meta, 3), OH = g(meta, 6), OW = g(meta, 7);
  const c4 = <usize>C << 2;
  for (let p = start; p < end; p++) {
    const n = p / (OH * OW);
    const sn = src + <usize>n * <usize>(H * W) * c4;
    const o = <usize>p * c4;
    for (let c = 0; c < C; c++) {
      const b = <usize>c << 2;
      const i = load<i32>(idx + o + b);
      store<f32>(out + o + b, i < 0 ? 0 : load<f32>(sn + <usize>i * c4 + b));
    }
  }
}

// mean over one window for channels [c, c + 4): the sum in row-major order divided by the window's
// number of input pixels (padding is not counted, as TF; 0/0 = NaN for a window outside the input)
// @ts-ignore: decorator
@inline function avgBlock(PART: bool, xn: usize, c4: usize, W: i32, h0: i32, h1: i32, w0: i32, w1: i32, w: i32,
  count: v128, out: usize): void {
  let s = f32x4.splat(0);
  for (let ih = h0; ih < h1; ih++) {
    for (let iw = w0; iw < w1; iw++) s = f32x4.add(s, ld(PART, xn + <usize>(ih * W + iw) * c4, w));
  }
  st(PART, out, f32x4.div(s, count), w);
}

// Output pixels [start, end) of N·OH·OW: out = the window means.
export function avgpool_f32(x: usize, out: usize, meta: usize, start: i32, end: i32): void {
  checkRange(meta, true, start, end);
  const H = g(meta, 1), W = g(meta, 2), C = g(meta, 3), KH = g(meta, 4), KW = g(meta, 5);
  const OH = g(meta, 6), OW = g(meta, 7), sh = g(meta, 8), sw = g(meta, 9), pt = g(meta, 12), pl = g(meta, 13);
  const c4 = <usize>C << 2, C4 = C & ~3;
  for (let p = start; p < end; p++) {
    const n = p / (OH * OW), r = p - n * OH * OW, oh = r / OW, ow = r - oh * OW;
    const xn = x + <usize>n * <usize>(H * W) * c4;
    const hs = oh * sh - pt, ws = ow * sw - pl;
    const h0 = max(hs, 0), h1 = min(hs + KH, H), w0 = max(ws, 0), w1 = min(ws + KW, W);
    const count = f32x4.splat(<f32>(max(h1 - h0, 0) * max(w1 - w0, 0)));
    const o = out + <usize>p * c4;
    let c = 0;
    for (; c < C4; c += 4) avgBlock(false, xn + (<usize>c << 2), c4, W, h0, h1, w0, w1, 4, count, o + (<usize>c << 2));
    if (c < C) avgBlock(true, xn + (<usize>c << 2), c4, W, h0, h1, w0, w1, C - c, count, o + (<usize>c << 2));
  }
}

// dx for channels [c, c + 4) of one input pixel: Σ dy / count over the windows that hold it
// @ts-ignore: decorator
@inline function avgBackBlock(PART: bool, dy: usize, o: usize, c4: usize, OW: i32, oh0: i32, oh1: i32, ow0: i32, ow1: i32,
  H: i32, W: i32, KH: i32, KW: i32, sh: i32, sw: i32, pt: i32, pl: i32, w: i32): void {
  let acc = f32x4.splat(0);
  for (let oh = oh0; oh < oh1; oh++) {
    const hs = oh * sh - pt, rows = min(hs + KH, H) - max(hs, 0);
    for (let ow = ow0; ow < ow1; ow++) {
      const ws = ow * sw - pl, count = <f32>(rows * (min(ws + KW, W) - max(ws, 0)));
      acc = f32x4.add(acc, f32x4.div(ld(PART, dy + <usize>(oh * OW + ow) * c4, w), f32x4.splat(count)));
    }
  }
  st(PART, o, acc, w);
}

// The gradient (and adjoint) of average pooling: input pixels [start, end) of N·H·W; dx[q, c] = Σ dy[p, c] /
// count(p) over the output pixels p whose window holds q, in ascending p order (a gather).
export function avgpool_backprop_f32(dy: usize, dx: usize, meta: usize, start: i32, end: i32): void {
  checkRange(meta, false, start, end);
  const H = g(meta, 1), W = g(meta, 2), C = g(meta, 3), KH = g(meta, 4), KW = g(meta, 5);
  const OH = g(meta, 6), OW = g(meta, 7), sh = g(meta, 8), sw = g(meta, 9), pt = g(meta, 12), pl = g(meta, 13);
  const c4 = <usize>C << 2, C4 = C & ~3;
  for (let q = start; q < end; q++) {
    const n = q / (H * W), r = q - n * H * W, ih = r / W, iw = r - ih * W;
    const oh0 = firstWindow(ih, pt, KH, sh), oh1 = endWindow(ih, pt, sh, OH);
    const ow0 = firstWindow(iw, pl, KW, sw), ow1 = endWindow(iw, pl, sw, OW);
    const dn = dy + <usize>n * <usize>(OH * OW) * c4;
    const o = dx + <usize>q * c4;
    let c = 0;
    for (; c < C4; c += 4) {
      const b = <usize>c << 2;
      avgBackBlock(false, dn + b, o + b, c4, OW, oh0, oh1, ow0, ow1, H, W, KH, KW, sh, sw, pt, pl, 4);
    }
    if (c < C) {
      const b = <usize>c << 2;
      avgBackBlock(true, dn + b, o + b, c4, OW, oh0, oh1, ow0, ow1, H, W, KH, KW, sh, sw, pt, pl, C - c);
    }
  }
}
