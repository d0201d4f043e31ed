// Window geometry (strides, dilations, padding as TF/tfjs) and the conv/pool primitives behind the public
// nn ops: conv2d and its two gradients, max/average pooling and theirs. Each primitive's rule (grads.ts)
// is written with these primitives again, so every order of derivative works.
import { allocBuffer, release, scratch, type DataBuffer } from "../buffer.js";
import { ArgumentError, ShapeError } from "../errors.js";
import { fmt } from "../shape.js";
import { INT_LIMIT, readList, show } from "../read.js";
import { record } from "../record.js";
import { ptrOf, Tensor, type Shape } from "../tensor.js";
import { i32, rt } from "../wasm.js";
import { gemm } from "./matmul.js";
import { make, requireFloat, type Args, type TensorLike } from "./run.js";

/** Where the windows of a conv or pool lie: output row oh reads input rows oh·sh − pt + i·dh for i < kh (columns alike). */
export interface WindowGeom {
  inH: number; inW: number; kh: number; kw: number; outH: number; outW: number;
  sh: number; sw: number; dh: number; dw: number; pt: number; pl: number;
}

/** tfjs's padding argument: "same", "valid", a number of pixels on every side, or NHWC explicit pairs. */
export type Padding = "same" | "valid" | number | readonly (readonly [number, number])[];
/** How pooling and convolution round a fractional output size (tfjs's `dimRoundingMode`); truncation when absent. */
export type RoundingMode = "floor" | "round" | "ceil";

/** A positive integer or a pair of them (strides, dilations, filter sizes) → [h, w]. */
export function pair(v: unknown, op: string, arg: string): [number, number] {
  // read once: a copy of the pair; each value below 2³¹ so kernel index arithmetic cannot wrap
  const p = typeof v === "number" ? [v, v] : Array.isArray(v) ? readList(v, op, arg) : null;
  const bad = (cls: typeof ArgumentError | typeof ShapeError): never => {
    const got = p === null || typeof v === "number" ? show(v) : `[${p.map(show).join(",")}]`;
    throw new cls(`${op}: ${arg} must be a positive integer or a pair [h, w] of positive integers, got ${got}`);
  };
  // the wrong kind is an ArgumentError; a wrong count or a NaN, ±Infinity, fractional, < 1 or ≥ 2³¹ value a ShapeError
  if (p === null || p.some((d) => typeof d !== "number")) return bad(ArgumentError);
  if (p.length !== 2 || p.some((d) => !(Number.isInteger(d) && (d as number) >= 1 && (d as number) <= INT_LIMIT))) return bad(ShapeError);
  return [p[0] as number, p[1] as number];
}

/** A copy of explicit pads [[0, 0], [top, bottom], [left, right], [0, 0]] of integers in [0, 2³¹), or null (read once). */
function explicitPad(pad: unknown[], op: string): [[number, number], [number, number]] | null {
  const rows = readList(pad, op, "pad");
  if (rows.length !== 4) return null;
  const q: number[][] = [];
  for (const r of rows) {
    if (!Array.isArray(r)) return null;
    const c = readList(r, op, "pad");
    if (c.length !== 2 || c.some((v) => typeof v !== "number")) return null;
    const bad = c.find((v) => !(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= INT_LIMIT));
    if (bad !== undefined) throw new ShapeError(`${op}: explicit pad entries must be integers in [0, ${INT_LIMIT}], got ${show(bad)}`);
    q.push(c as number[]);
  }
  if (q[0][0] !== 0 || q[0][1] !== 0 || q[3][0] !== 0 || q[3][1] !== 0) return null;
  return [[q[1][0], q[1][1]], [q[2][0], q[2][1]]];
}

const round = (v: number, mode: RoundingMode | undefined): number =>
  mode === undefined ? Math.trunc(v) : mode === "floor" ? Math.floor(v) : mode === "ceil" ? Math.ceil(v) : Math.round(v);

/**
 * The geometry of windows of kh×kw (dilated by dh, dw) over an inH×inW input, as tfjs's computeConv2DInfo:
 * "same" pads to ceil(in / stride) outputs (the odd pixel at the bottom/right), "valid" pads nothing, a
 * number pads every side, explicit pairs are [[0, 0], [top, bottom], [left, right], [0, 0]].
 */
export function windowGeom(op: string, inH: number, inW: number, filter: [number, number], strides: [number, number],
  dilations: [number, number], pad: Padding, rounding: RoundingMode | undefined, what: string): WindowGeom {
  const [kh, kw] = filter, [sh, sw] = strides, [dh, dw] = dilations;
  if ((sh > 1 || sw > 1) && (dh > 1 || dw > 1)) {
    throw new ArgumentError(`${op}: strides ${fmt(strides)} and dilations ${fmt(dilations)} cannot both be greater than 1 (as TF and tfjs)`);
  }
  if (rounding !== undefined && rounding !== "floor" && rounding !== "round" && rounding !== "ceil") {
    throw new ArgumentError(`${op}: dimRoundingMode must be "floor", "round" or "ceil", got ${show(rounding)}`);
  }
  if (rounding !== undefined && typeof pad === "string") {
    throw new ArgumentError(`${op}: dimRoundingMode ${rounding} needs a numeric or explicit pad, got "${pad}"`);
  }
  const ekh = (kh - 1) * dh + 1, ekw = (kw - 1) * dw + 1; // the dilated filter's extent
  // Kernels index rows as oh·sh − pt + i·dh in i32: every extent and padded size must stay below 2³¹.
  // (With "same", the padding is at most the dilated extent, so in + extent bounds everything.)
  const padded = (a: number, b: number) => a + b <= INT_LIMIT;
  if (!padded(inH, ekh) || !padded(inW, ekw)) {
    throw new ShapeError(`${op}: the ${kh}x${kw} ${what} dilated by ${fmt(dilations)} spans ${ekh}x${ekw} pixels; with the ${inH}x${inW} input that exceeds 2^31 - 1`);
  }
  let pt: number, pb: number, pl: number, pr: number, outH: number, outW: number;
  if (pad === "same") {
    outH = Math.ceil(inH / sh); outW = Math.ceil(inW / sw);
    const alongH = Math.max(0, (outH - 1) * sh + ekh - inH), alongW = Math.max(0, (outW - 1) * sw + ekw - inW);
    pt = Math.floor(alongH / 2); pl = Math.floor(alongW / 2);
    return { inH, inW, kh, kw, outH, outW, sh, sw, dh, dw, pt, pl };
  }
  if (pad === "valid") {
    pt = pb = pl = pr = 0;
  } else if (typeof pad === "number") {
    if (!Number.isInteger(pad) || pad < 0 || pad > INT_LIMIT) throw new ShapeError(`${op}: a numeric pad must be an integer in [0, ${INT_LIMIT}], got ${pad}`);
    pt = pb = pl = pr = pad;
  } else {
    const e = Array.isArray(pad) ? explicitPad(pad, op) : null;
    if (e === null) {
      throw new ArgumentError(`${op}: pad must be "same", "valid", a non-negative integer or [[0, 0], [top, bottom], [left, right], [0, 0]], got ${show(pad)}`);
    }
    [[pt, pb], [pl, pr]] = e;
    pad = [[0, 0], [pt, pb], [pl, pr], [0, 0]]; // the copy, for the message below
  }
  if (!padded(inH + pt, pb + ekh) || !padded(inW + pl, pr + ekw)) {
    throw new ShapeError(`${op}: pad ${JSON.stringify(pad)} makes the ${inH}x${inW} input larger than 2^31 - 1 pixels per side`);
  }
  if (inH + pt + pb < ekh || inW + pl + pr < ekw) {
    const dil = dh > 1 || dw > 1 ? ` (dilated to ${ekh}x${ekw})` : "";
    throw new ShapeError(`${op}: the ${kh}x${kw} ${what}${dil} is larger than the ${inH}x${inW} input padded to ` +
      `${inH + pt + pb}x${inW + pl + pr} (pad ${JSON.stringify(pad)})`);
  }
  outH = pad === "valid" ? Math.ceil((inH - ekh + 1) / sh) : round((inH - ekh + pt + pb) / sh + 1, rounding);
  outW = pad === "valid" ? Math.ceil((inW - ekw + 1) / sw) : round((inW - ekw + pl + pr) / sw + 1, rounding);
  return { inH, inW, kh, kw, outH, outW, sh, sw, dh, dw, pt, pl };
}

/** The kernels' meta block [N, H, W, C, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl] in the scratch area. */
function meta(n: number, c: number, g: WindowGeom): number {
  const ptr = scratch();
  i32(ptr, 14).set([n, g.inH, g.inW, c, g.kh, g.kw, g.outH, g.outW, g.sh, g.sw, g.dh, g.dw, g.pt, g.pl]);
  return ptr;
}

/** A 1×1 window with stride 1 and no padding reads the input itself: the patch matrix is x. */
const pointwise = (g: WindowGeom) => g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.pt === 0 && g.pl === 0 &&
  g.outH === g.inH && g.outW === g.inW;

/** Patch matrices are built for this many bytes of images at a time (at least one image). */
const WORKSPACE_BYTES = 8 << 20;

/**
 * Run `fn(first, count, col)` over the batch in groups of images whose patch matrix [count·OH·OW, K]
 * fits the workspace; `col` is a scratch buffer of that size, freed afterwards.
 */
function inGroups(n: number, g: WindowGeom, k: number, fn: (first: number, count: number, col: number) => void): void {
  const perImage = g.outH * g.outW * k * 4;
  const group = Math.max(1, Math.min(n, Math.floor(WORKSPACE_BYTES / Math.max(perImage, 1))));
  const ws = allocBuffer(group * perImage);
  try {
    for (let first = 0; first < n; first += group) fn(first, Math.min(group, n - first), ws.ptr);
  } finally {
    release(ws);
  }
}

/**
 * A new float32 tensor of `shape` written by `fill` (not called when empty). If `fill` throws (its scratch
 * memory cannot be allocated), the tensor is freed before the error goes on.
 */
function filled(shape: number[], fill: (out: number, size: number) => void): Tensor {
  const out = make(shape, "float32");
  try {
    if (out.size > 0) fill(ptrOf(out), out.size);
  } catch (e) {
    out.dispose();
    throw e;
  }
  return out;
}

/** y[n, oh, ow, o] = Σ x[n, oh·sh − pt + kh·dh, ow·sw − pl + kw·dw, c] · f[kh, kw, c, o]: im2col, then one matmul per group. */
export function conv2dPrim(x: Tensor, f: Tensor, g: WindowGeom): Tensor {
  const [n, , , c] = x.shape, o = f.shape[3], k = g.kh * g.kw * c, rows = g.outH * g.outW;
  const K = rt().kernels;
  const out = filled([n, g.outH, g.outW, o], (po, size) => {
    const px = ptrOf(x), pf = ptrOf(f);
    if (k === 0) K.fill_f32(po, 0, 0, size);
    else if (pointwise(g)) gemm(px, pf, po, n * rows, o, c, 0, 0);
    else {
      inGroups(n, g, k, (first, count, col) => {
        K.im2col_f32(px + first * g.inH * g.inW * c * 4, col, meta(count, c, g), 0, count * rows);
        gemm(col, pf, po + first * rows * o * 4, count * rows, o, k, 0, 0);
      });
    }
  });
  record("conv2d", [x, f], [out], g);
  return out;
}

/** The gradient of conv2d with respect to x, linear in dy: dx = col2im(dy · fᵀ), shape [N, inH, inW, C]. */
export function conv2dBackpropInput(dy: Tensor, f: Tensor, g: WindowGeom): Tensor {
  const [n, , , o] = dy.shape, c = f.shape[2], k = g.kh * g.kw * c, rows = g.outH * g.outW;
  const K = rt().kernels;
  const dx = filled([n, g.inH, g.inW, c], (px, size) => {
    const pd = ptrOf(dy), pf = ptrOf(f);
    if (o === 0 || rows === 0) K.fill_f32(px, 0, 0, size);
    else if (pointwise(g)) gemm(pd, pf, px, n * rows, c, o, 0, 1);
    else {
      inGroups(n, g, k, (first, count, col) => {
        gemm(pd + first * rows * o * 4, pf, col, count * rows, k, o, 0, 1);
        K.col2im_f32(col, px + first * g.inH * g.inW * c * 4, meta(count, c, g), 0, count * g.inH * g.inW);
      });
    }
  });
  record("conv2dBackpropInput", [dy, f], [dx], g);
  return dx;
}

/** The gradient of conv2d with respect to the filter, linear in dy: Σ over groups of im2col(x)ᵀ · dy, shape [kh, kw, C, O]. */
export function conv2dBackpropFilter(x: Tensor, dy: Tensor, g: WindowGeom): Tensor {
  const [n, , , c] = x.shape, o = dy.shape[3], k = g.kh * g.kw * c, rows = g.outH * g.outW;
  const K = rt().kernels;
  const df = filled([g.kh, g.kw, c, o], (pf, size) => {
    const px = ptrOf(x), pd = ptrOf(dy);
    if (n * rows === 0) K.fill_f32(pf, 0, 0, size);
    else if (pointwise(g)) gemm(px, pd, pf, c, o, n * rows, 1, 0);
    else {
      let part: DataBuffer | null = null; // a later group's sum, added to the first's
      try {
        inGroups(n, g, k, (first, count, col) => {
          K.im2col_f32(px + first * g.inH * g.inW * c * 4, col, meta(count, c, g), 0, count * rows);
          if (first === 0) gemm(col, pd, pf, k, o, count * rows, 1, 0);
          else {
            part ??= allocBuffer(size * 4);
            gemm(col, pd + first * rows * o * 4, part.ptr, k, o, count * rows, 1, 0);
            K.add_f32(pf, part.ptr, pf, 0, size);
          }
        });
      } finally {
        if (part !== null) release(part);
      }
    }
  });
  record("conv2dBackpropFilter", [x, dy], [df], g);
  return df;
}

/** Run `fn` with the i32 position (ih·W + iw) of each window's first maximum in x, [N, OH, OW, C], in scratch memory. */
function withArgmax(x: Tensor, g: WindowGeom, fn: (idx: number) => void): void {
  const [n, , , c] = x.shape;
  const idx = allocBuffer(n * g.outH * g.outW * c * 4);
  try {
    if (n * g.outH * g.outW * c > 0) rt().kernels.maxpool_f32(ptrOf(x), 0, idx.ptr, meta(n, c, g), 0, n * g.outH * g.outW);
    fn(idx.ptr);
  } finally {
    release(idx);
  }
}

/** Window maxima, [N, OH, OW, C]. */
export function maxPoolPrim(x: Tensor, g: WindowGeom): Tensor {
  const [n, , , c] = x.shape;
  const out = filled([n, g.outH, g.outW, c], (po) => rt().kernels.maxpool_f32(ptrOf(x), po, 0, meta(n, c, g), 0, n * g.outH * g.outW));
  record("maxPool", [x], [out], g);
  return out;
}

/** The gradient of maxPool at x, linear in dy: each dy goes to its window's first maximum in x (TF's rule). */
export function maxPoolBackprop(dy: Tensor, x: Tensor, g: WindowGeom): Tensor {
  const [n, , , c] = x.shape;
  const dx = filled(x.shape.slice(), (px) => withArgmax(x, g, (idx) =>
    rt().kernels.maxpool_backprop_f32(ptrOf(dy), idx, px, meta(n, c, g), 0, n * g.inH * g.inW)));
  record("maxPoolBackprop", [dy, x], [dx], g);
  return dx;
}

/** The adjoint of maxPoolBackprop: src (x's shape) read at each window's first maximum in x, [N, OH, OW, C]. */
export function maxPoolGather(src: Tensor, x: Tensor, g: WindowGeom): Tensor {
  const [n, , , c] = x.shape;
  const out = filled([n, g.outH, g.outW, c], (po) => withArgmax(x, g, (idx) =>
    rt().kernels.maxpool_gather_f32(ptrOf(src), idx, po, meta(n, c, g), 0, n * g.outH * g.outW)));
  record("maxPoolGather", [src, x], [out], g);
  return out;
}

/** Window means over the input pixels each window holds (padding not counted), [N, OH, OW, C]. */
export function avgPoolPrim(x: Tensor, g: WindowGeom): Tensor {
  const [n, , , c] = x.shape;
  const out = filled([n, g.outH, g.outW, c], (po) => rt().kernels.avgpool_f32(ptrOf(x), po, meta(n, c, g), 0, n * g.outH * g.outW));
  record("avgPool", [x], [out], g);
  return out;
}

/** The gradient (the adjoint) of avgPool: dx = Σ over the windows holding each pixel of dy / window count. */
export function avgPoolBackprop(dy: Tensor, g: WindowGeom): Tensor {
  const [n, , , c] = dy.shape;
  const dx = filled([n, g.inH, g.inW, c], (px, size) => {
    if (dy.size === 0) rt().kernels.fill_f32(px, 0, 0, size);
    else rt().kernels.avgpool_backprop_f32(ptrOf(dy), px, meta(n, c, g), 0, n * g.inH * g.inW);
  });
  record("avgPoolBackprop", [dy], [dx], g);
  return dx;
}

/** x as [N, H, W, C]: rank 4 as is, rank 3 as one image (tfjs). */
export function checkImage(x: Tensor, op: string, arg: string): void {
  if (x.rank !== 4 && x.rank !== 3) {
    throw new ShapeError(`${op}: ${arg} must have rank 4 [batch, height, width, channels] (or 3, one image), got rank ${x.rank} ${fmt(x.shape)}`);
  }
}

/** [1, …shape] for a rank-3 image, else the shape. */
export const as4D = (s: Shape): number[] => (s.length === 3 ? [1, ...s] : s.slice());

/** Only NHWC is supported: "NCHW" is an ArgumentError that says how to transpose, anything else names the value. */
export function checkFormat(op: string, dataFormat: unknown): void {
  if (dataFormat === "NHWC") return;
  if (dataFormat === "NCHW") {
    throw new ArgumentError(`${op}: dataFormat "NCHW" is not supported; transpose x to NHWC first (tt.transpose(x, [0, 2, 3, 1])) and the result back`);
  }
  throw new ArgumentError(`${op}: dataFormat must be "NHWC", got ${show(dataFormat)}`);
}

/** conv2d's and depthwiseConv2d's tensors, read and checked: float NHWC `x` (rank 3 or 4), a rank-4 filter whose
 * dimension 2 matches x's channels (`last` names its dimension 3 in the error). */
export function convInputs(args: Args, x: TensorLike, filter: TensorLike, dataFormat: unknown, op: string, last: string): [Tensor, Tensor] {
  const t = args.tensor(x, "x"), f = args.tensor(filter, "filter");
  requireFloat(t, op, "x");
  requireFloat(f, op, "filter");
  checkFormat(op, dataFormat);
  checkImage(t, op, "x");
  if (f.rank !== 4) throw new ShapeError(`${op}: filter must have rank 4 [filterHeight, filterWidth, inChannels, ${last}], got rank ${f.rank} ${fmt(f.shape)}`);
  const c = t.shape[t.rank - 1];
  if (c !== f.shape[2]) throw new ShapeError(`${op}: x ${fmt(t.shape)} has ${c} channels but filter ${fmt(f.shape)} expects ${f.shape[2]} (filter dimension 2)`);
  return [t, f];
}
