// batchNorm and layerNorm: composites of moments, rsqrt and broadcasting arithmetic (differentiable to any order).
import { ArgumentError, ShapeError } from "../errors.js";
import { show } from "../read.js";
import { broadcastShapes, fmt, normalizeAxes } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { add, mul, rsqrt, sub } from "./elementwise.js";
import { requireFloat, withArgs, type TensorLike } from "./run.js";
import { moments } from "./summary.js";

function epsilonOf(v: unknown, op: string, arg: string): number {
  if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) throw new ArgumentError(`${op}: ${arg} must be a finite number >= 0, got ${show(v)}`);
  return v;
}

/**
 * Batch normalisation with given statistics, as tfjs's `batchNorm(x, mean, variance, offset?, scale?,
 * varianceEpsilon = 0.001)`: (x − mean)·scale/√(variance + ε) + offset, every operand broadcast against x.
 *
 *     tt.batchNorm(x, m, v, beta, gamma);
 */
export function batchNorm(x: TensorLike, mean: TensorLike, variance: TensorLike, offset?: TensorLike, scale?: TensorLike, varianceEpsilon = 0.001): Tensor {
  const op = "batchNorm";
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, op, "x");
    const named: [string, TensorLike | undefined][] = [["mean", mean], ["variance", variance], ["offset", offset], ["scale", scale]];
    const [m, v, o, s] = named.map(([arg, val]) => {
      if (val === undefined || val === null) return null;
      const u = args.tensor(val, arg, "float32");
      requireFloat(u, op, arg);
      if (u.rank > t.rank || broadcastShapes(t.shape, u.shape, op).some((d, i) => d !== t.shape[i])) {
        throw new ShapeError(`${op}: ${arg} ${fmt(u.shape)} must broadcast to x ${fmt(t.shape)}`);
      }
      return u;
    });
    if (m === null || v === null) throw new ArgumentError(`${op}: mean and variance are required`);
    const eps = epsilonOf(varianceEpsilon, op, "varianceEpsilon");
    let k = rsqrt(add(v, eps));
    if (s !== null) k = mul(k, s);
    const y = mul(sub(t, m), k);
    return o === null ? y : add(y, o);
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
  const op = "layerNorm";
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, op, "x");
    if (t.rank === 0) throw new ShapeError(`${op}: x must have rank >= 1, got a scalar`);
    const axes = normalizeAxes(axis, t.rank, op, t.shape);
    const eps = epsilonOf(epsilon, op, "epsilon");
    const [g, b] = ([["gamma", gamma], ["beta", beta]] as const).map(([arg, val]) => {
      if (val === undefined || val === null) return null;
      const u = args.tensor(val, arg, "float32");
      requireFloat(u, op, arg);
      if (u.rank > t.rank || broadcastShapes(t.shape, u.shape, op).some((d, i) => d !== t.shape[i])) {
        throw new ShapeError(`${op}: ${arg} ${fmt(u.shape)} must broadcast to x ${fmt(t.shape)}`);
      }
      return u;
    });
    const { mean, variance } = moments(t, axes, true);
    let y = mul(sub(t, mean), rsqrt(add(variance, eps)));
    if (g !== null) y = mul(y, g);
    return b === null ? y : add(y, b);
  });
}
