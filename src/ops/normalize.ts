// batchNorm and layerNorm: composites of moments, rsqrt and broadcasting arithmetic (differentiable to any order).
import { ArgumentError, ShapeError } from "../errors.js";
import { show } from "../read.js";
import { broadcastShapes, fmt, normalizeAxes } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { add, mul, rsqrt, sub } from "./elementwise.js";
import { requireFloat, withArgs, type Args, type TensorLike } from "./run.js";
import { moments } from "./summary.js";

/** x and its optional float32 operands (null where not given), each broadcasting to x's shape; ε checked. */
function operands(args: Args, op: string, x: TensorLike, named: [string, TensorLike | undefined][], epsilon: unknown, epsArg: string) {
  const t = args.tensor(x, "x");
  requireFloat(t, op, "x");
  const us = named.map(([arg, val]) => {
    if (val === undefined || val === null) return null;
    const u = args.tensor(val, arg, "float32");
    requireFloat(u, op, arg);
    if (u.rank > t.rank || broadcastShapes(t.shape, u.shape, op).some((d, i) => d !== t.shape[i])) throw new ShapeError(`${op}: ${arg} ${fmt(u.shape)} must broadcast to x ${fmt(t.shape)}`);
    return u;
  });
  if (typeof epsilon !== "number" || !(epsilon >= 0 && epsilon < Infinity)) throw new ArgumentError(`${op}: ${epsArg} must be a finite number >= 0, got ${show(epsilon)}`);
  return { t, us, eps: epsilon };
}
/** (x − mean)·rsqrt(variance + ε)·scale + offset, the optional factors left out */
function affine(t: Tensor, mean: Tensor, variance: Tensor, eps: number, scale: Tensor | null, offset: Tensor | null): Tensor {
  let k = rsqrt(add(variance, eps));
  if (scale !== null) k = mul(k, scale);
  const y = mul(sub(t, mean), k);
  return offset === null ? y : add(y, offset);
}

/**
 * Batch normalisation with given statistics, as tfjs's `batchNorm(x, mean, variance, offset?, scale?,
 * varianceEpsilon = 0.001)`: (x − mean)·scale/√(variance + ε) + offset, every operand broadcast against x.
 *
 *     tt.batchNorm(x, m, v, beta, gamma);
 */
export function batchNorm(x: TensorLike, mean: TensorLike, variance: TensorLike, offset?: TensorLike, scale?: TensorLike, varianceEpsilon = 0.001): Tensor {
  return withArgs("batchNorm", (args) => {
    const { t, us: [m, v, o, s], eps } = operands(args, "batchNorm", x, [["mean", mean], ["variance", variance], ["offset", offset], ["scale", scale]], varianceEpsilon, "varianceEpsilon");
    if (m === null || v === null) throw new ArgumentError("batchNorm: mean and variance are required");
    return affine(t, m, v, eps, s, o);
  });
}

/**
 * Layer normalisation over `axis` (default -1; a number or an array): (x − mean)/√(variance + ε)·gamma + beta, the
 * moments taken over those axes (population variance), gamma and beta broadcast against x (e.g. of the normalised
 * axes' shape). As Keras's LayerNormalization and PyTorch's layer_norm.
 *
 *     tt.layerNorm(x, -1, 1e-5, gamma, beta);
 */
export function layerNorm(x: TensorLike, axis: number | readonly number[] = -1, epsilon = 1e-5, gamma?: TensorLike, beta?: TensorLike): Tensor {
  return withArgs("layerNorm", (args) => {
    const { t, us: [g, b], eps } = operands(args, "layerNorm", x, [["gamma", gamma], ["beta", beta]], epsilon, "epsilon");
    if (t.rank === 0) throw new ShapeError("layerNorm: x must have rank >= 1, got a scalar");
    const { mean, variance } = moments(t, normalizeAxes(axis, t.rank, "layerNorm", t.shape), true);
    return affine(t, mean, variance, eps, g, b);
  });
}
