// conv1d and depthwiseConv2d, built from conv2d (so every order of gradient comes from conv2d's rules).
import { ArgumentError, ShapeError } from "../errors.js";
import { readInt, show } from "../read.js";
import { fmt } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { as4D, conv2dPrim, convInputs, pair, windowGeom, type Padding, type RoundingMode } from "./conv.js";
import { concat, reshape, slice } from "./layout.js";
import { requireFloat, withArgs, type TensorLike } from "./run.js";

/**
 * 1-D convolution of `x` [batch, width, inChannels] (or [width, inChannels]) with `filter` [filterWidth, inChannels,
 * outChannels], as tfjs's `conv1d(x, filter, stride, pad, dataFormat = "NWC", dilation = 1, dimRoundingMode?)`: conv2d's
 * primitive on a height-1 image (so its rules give every order). `pad` is "same", "valid" or a number of pixels on each side (of the width only, where tfjs's
 * number pads the height too and fails).
 *
 *     tt.conv1d(x, f, 1, "same");
 */
export function conv1d(x: TensorLike, filter: TensorLike, stride: number, pad: "same" | "valid" | number, dataFormat: "NWC" | "NCW" = "NWC",
  dilation = 1, dimRoundingMode?: RoundingMode): Tensor {
  return withArgs("conv1d", (args) => {
    const t = args.tensor(x, "x"), f = args.tensor(filter, "filter");
    requireFloat(t, "conv1d", "x");
    requireFloat(f, "conv1d", "filter");
    if (dataFormat !== "NWC") throw new ArgumentError(`conv1d: dataFormat must be "NWC", got ${show(dataFormat)}`);
    if (t.rank !== 3 && t.rank !== 2) throw new ShapeError(`conv1d: x must have rank 3 [batch, width, inChannels] (or 2), got rank ${t.rank} ${fmt(t.shape)}`);
    if (f.rank !== 3) throw new ShapeError(`conv1d: filter must have rank 3 [filterWidth, inChannels, outChannels], got rank ${f.rank} ${fmt(f.shape)}`);
    const x3 = t.rank === 2 ? [1, ...t.shape] : [...t.shape];
    if (x3[2] !== f.shape[1]) throw new ShapeError(`conv1d: x ${fmt(t.shape)} has ${x3[2]} channels but filter ${fmt(f.shape)} expects ${f.shape[1]} (filter dimension 1)`);
    if (typeof stride !== "number" || typeof dilation !== "number") throw new ArgumentError(`conv1d: stride and dilation must be positive integers, got ${show(stride)} and ${show(dilation)}`);
    if (pad !== "same" && pad !== "valid" && typeof pad !== "number") throw new ArgumentError(`conv1d: pad must be "same", "valid" or a number, got ${show(pad)}`);
    const p: Padding = typeof pad === "number" ? [[0, 0], [0, 0], [readInt(pad, "conv1d", "pad"), pad], [0, 0]] : pad;
    // the geometry of the width, validated here (errors name conv1d), for conv2d's primitive
    const s = readInt(stride, "conv1d", "stride", 1, undefined, "a positive integer");
    const d = readInt(dilation, "conv1d", "dilation", 1, undefined, "a positive integer");
    const g = windowGeom("conv1d", 1, x3[1], [1, f.shape[0]], [1, s], [1, d], p, dimRoundingMode, "filter");
    const y = conv2dPrim(reshape(t, [x3[0], 1, x3[1], x3[2]]), reshape(f, [1, ...f.shape]), g);
    return reshape(y, t.rank === 2 ? [y.shape[2], y.shape[3]] : [y.shape[0], y.shape[2], y.shape[3]]);
  });
}

/**
 * Depthwise 2-D convolution, as tfjs's `depthwiseConv2d(x, filter, strides, pad, dataFormat = "NHWC", dilations = 1,
 * dimRoundingMode?)`: `filter` [filterHeight, filterWidth, inChannels, channelMultiplier] convolves each input
 * channel c on its own into output channels c·multiplier + m. One conv2d per input channel (the same work as a
 * depthwise kernel, no block-diagonal zeros), concatenated: differentiable to any order through conv2d's rules.
 *
 *     tt.depthwiseConv2d(x, f, 1, "same");
 */
export function depthwiseConv2d(x: TensorLike, filter: TensorLike, strides: number | [number, number], pad: Padding,
  dataFormat: "NHWC" | "NCHW" = "NHWC", dilations: number | [number, number] = [1, 1], dimRoundingMode?: RoundingMode): Tensor {
  const op = "depthwiseConv2d";
  return withArgs(op, (args) => {
    const [t, f] = convInputs(args, x, filter, dataFormat, op, "channelMultiplier");
    const [n, h, w, c] = as4D(t.shape), [fh, fw, , m] = f.shape;
    // the arguments are read once, into the geometry every channel's conv2d primitive then shares
    const g = windowGeom(op, h, w, [fh, fw], pair(strides, op, "strides"), pair(dilations, op, "dilations"), pad, dimRoundingMode, "filter");
    const x4 = reshape(t, [n, h, w, c]);
    const parts = Array.from({ length: c }, (_, k) => conv2dPrim(slice(x4, [0, 0, 0, k], [n, h, w, 1]), slice(f, [0, 0, k, 0], [fh, fw, 1, m]), g));
    const y = c === 1 ? parts[0] : concat(parts, 3);
    return t.rank === 3 ? reshape(y, y.shape.slice(1)) : y;
  });
}
