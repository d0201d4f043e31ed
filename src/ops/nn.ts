// Neural-network ops: softmax and logSoftmax (stable composites), conv2d and conv2dTranspose, maxPool and avgPool (NHWC).
import { readList, show } from "../read.js";
import { ShapeError } from "../errors.js";
import { checkShape, fmt, normalizeAxes } from "../shape.js";
import { detached, Tensor } from "../tensor.js";
import {
  as4D, avgPoolPrim, checkImage, conv2dBackpropInput, convInputs, conv2dPrim, maxPoolPrim, pair, windowGeom, type Padding, type RoundingMode,
  type WindowGeom,
} from "./conv.js";
import { div, exp, log, sub } from "./elementwise.js";
import { reshape } from "./layout.js";
import { max, sum } from "./reduce.js";
import { requireFloat, withArgs, type Args, type TensorLike } from "./run.js";

export type { Padding, RoundingMode } from "./conv.js";

/** The float tensor and its one normalised axis, for softmax and logSoftmax. */
function logitsAxis(args: Args, logits: TensorLike, axis: number, op: string, arg: string): [Tensor, number] {
  const t = args.tensor(logits, "logits");
  requireFloat(t, op, "logits");
  if (t.rank === 0) throw new ShapeError(`${op}: logits must have rank >= 1, got a scalar`);
  if (typeof axis !== "number") throw new ShapeError(`${op}: ${arg} must be one integer, got ${Array.isArray(axis) ? `[${readList(axis, op, arg).map(show).join(",")}]` : show(axis)}`);
  return [t, normalizeAxes(axis, t.rank, op, t.shape)[0]];
}

/** x − max(x) along `axis`, the max held constant (a fresh handle no tape has seen): its gradient cancels exactly. */
function shifted(t: Tensor, axis: number): Tensor {
  const m = max(t, axis, true);
  return sub(t, detached(m, "shifted"));
}

/**
 * exp(x) / Σ exp(x) along `dim` (default the last), computed as exp(x − max) / Σ exp(x − max) so that large
 * logits do not overflow. Any axis works (tfjs: only the last). A composite, differentiable to any order.
 *
 *     tt.softmax(tt.tensor([[1, 2, 3]]));   // [[0.09, 0.245, 0.665]]
 */
export function softmax(logits: TensorLike, dim = -1): Tensor {
  return withArgs("softmax", (args) => {
    const [t, ax] = logitsAxis(args, logits, dim, "softmax", "dim");
    const e = exp(shifted(t, ax)); // withArgs's scope frees the intermediates
    return div(e, sum(e, ax, true));
  });
}

/**
 * log(softmax(x)) along `axis` (default the last), computed as (x − max) − log Σ exp(x − max): finite for
 * any finite logits. A composite, differentiable to any order.
 *
 *     tt.logSoftmax(tt.tensor([1000, 0]));  // [0, -1000]
 */
export function logSoftmax(logits: TensorLike, axis = -1): Tensor {
  return withArgs("logSoftmax", (args) => {
    const [t, ax] = logitsAxis(args, logits, axis, "logSoftmax", "axis");
    const s = shifted(t, ax); // withArgs's scope frees the intermediates
    return sub(s, log(sum(exp(s), ax, true)));
  });
}

/** Run a 4-D primitive on x (rank 3 counts as one image) and give the result x's rank back (inside withArgs: its scope frees the reshapes). */
function on4D(x: Tensor, fn: (x4: Tensor) => Tensor): Tensor {
  if (x.rank === 4) return fn(x);
  const y = fn(reshape(x, as4D(x.shape)));
  return reshape(y, y.shape.slice(1));
}

/**
 * 2-D convolution of NHWC images `x` [batch, height, width, inChannels] (or one image, rank 3) with
 * `filter` [filterHeight, filterWidth, inChannels, outChannels], as tfjs's `conv2d`: `strides` and
 * `dilations` a number or [h, w] (not both > 1); `pad` "same", "valid", a number of pixels on every side
 * or explicit [[0, 0], [top, bottom], [left, right], [0, 0]]. Only NHWC is supported. Gradients of
 * every order (conv2d, its input and filter gradients are primitives whose rules use each other).
 *
 *     tt.conv2d(images, filter, 1, "same");   tt.conv2d(x, f, [2, 2], "valid", "NHWC", [1, 1]);
 */
export function conv2d(x: TensorLike, filter: TensorLike, strides: number | [number, number], pad: Padding,
  dataFormat: "NHWC" | "NCHW" = "NHWC", dilations: number | [number, number] = [1, 1], dimRoundingMode?: RoundingMode): Tensor {
  const op = "conv2d";
  return withArgs(op, (args) => {
    const [t, f] = convInputs(args, x, filter, dataFormat, op, "outChannels");
    const [, h, w] = as4D(t.shape);
    const g = windowGeom(op, h, w, [f.shape[0], f.shape[1]], pair(strides, op, "strides"), pair(dilations, op, "dilations"),
      pad, dimRoundingMode, "filter");
    return on4D(t, (x4) => conv2dPrim(x4, f, g));
  });
}

/**
 * The transpose of conv2d (sometimes called deconvolution), as tfjs's `conv2dTranspose`: the gradient of
 * `conv2d(·, filter, strides, pad)` at an input of `outputShape`, applied to `x`. `filter` is
 * [filterHeight, filterWidth, outChannels, inChannels], x is [batch, height, width, inChannels].
 *
 *     tt.conv2dTranspose(x, filter, [1, 8, 8, 3], 2, "same");
 */
export function conv2dTranspose(x: TensorLike, filter: TensorLike, outputShape: readonly number[], strides: number | [number, number],
  pad: Padding, dimRoundingMode?: RoundingMode): Tensor {
  const op = "conv2dTranspose";
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x"), f = args.tensor(filter, "filter");
    requireFloat(t, op, "x");
    requireFloat(f, op, "filter");
    checkImage(t, op, "x");
    if (f.rank !== 4) throw new ShapeError(`${op}: filter must have rank 4 [filterHeight, filterWidth, outChannels, inChannels], got rank ${f.rank} ${fmt(f.shape)}`);
    const out = checkShape(outputShape, op, "outputShape");
    if (out.length !== t.rank) throw new ShapeError(`${op}: outputShape ${fmt(out)} must have the rank of x ${fmt(t.shape)}`);
    const [n, h, w, c] = as4D(out), x4 = as4D(t.shape);
    if (x4[0] !== n) throw new ShapeError(`${op}: outputShape ${fmt(out)} has batch ${n} but x ${fmt(t.shape)} has ${x4[0]}`);
    if (x4[3] !== f.shape[3]) throw new ShapeError(`${op}: x ${fmt(t.shape)} has ${x4[3]} channels but filter ${fmt(f.shape)} expects ${f.shape[3]} (filter dimension 3)`);
    if (c !== f.shape[2]) throw new ShapeError(`${op}: outputShape ${fmt(out)} has ${c} channels but filter ${fmt(f.shape)} gives ${f.shape[2]} (filter dimension 2)`);
    const g = windowGeom(op, h, w, [f.shape[0], f.shape[1]], pair(strides, op, "strides"), [1, 1], pad, dimRoundingMode, "filter");
    if (g.outH !== x4[1] || g.outW !== x4[2]) {
      throw new ShapeError(`${op}: x ${fmt(t.shape)} is not what conv2d makes of outputShape ${fmt(out)} with these strides and pad ` +
        `(it makes ${g.outH}x${g.outW} pixels, x has ${x4[1]}x${x4[2]})`);
    }
    return on4D(t, (dy) => conv2dBackpropInput(dy, f, g));
  });
}

/** Validation shared by maxPool and avgPool: x as an image, the window geometry. */
function poolGeom(op: string, t: Tensor, filterSize: number | [number, number], strides: number | [number, number], pad: Padding,
  dimRoundingMode: RoundingMode | undefined): WindowGeom {
  requireFloat(t, op, "x");
  checkImage(t, op, "x");
  const [, h, w] = as4D(t.shape);
  return windowGeom(op, h, w, pair(filterSize, op, "filterSize"), pair(strides, op, "strides"), [1, 1], pad, dimRoundingMode, "window");
}

/**
 * Max pooling of NHWC images (or one image, rank 3), as tfjs's `maxPool(x, filterSize, strides, pad,
 * dimRoundingMode?)`. The gradient goes to the first maximum of each window (TF's tie rule).
 *
 *     tt.maxPool(x, 2, 2, "valid");
 */
export function maxPool(x: TensorLike, filterSize: number | [number, number], strides: number | [number, number], pad: Padding,
  dimRoundingMode?: RoundingMode): Tensor {
  return withArgs("maxPool", (args) => {
    const t = args.tensor(x, "x");
    const g = poolGeom("maxPool", t, filterSize, strides, pad, dimRoundingMode);
    return on4D(t, (x4) => maxPoolPrim(x4, g));
  });
}

/**
 * Average pooling of NHWC images (or one image, rank 3), as tfjs's `avgPool(x, filterSize, strides, pad,
 * dimRoundingMode?)`. A window that overlaps the padding averages only the input pixels it holds (TF).
 *
 *     tt.avgPool(x, [3, 3], 1, "same");
 */
export function avgPool(x: TensorLike, filterSize: number | [number, number], strides: number | [number, number], pad: Padding,
  dimRoundingMode?: RoundingMode): Tensor {
  return withArgs("avgPool", (args) => {
    const t = args.tensor(x, "x");
    const g = poolGeom("avgPool", t, filterSize, strides, pad, dimRoundingMode);
    return on4D(t, (x4) => avgPoolPrim(x4, g));
  });
}
