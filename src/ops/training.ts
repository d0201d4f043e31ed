// What a training loop needs beside the losses.ts pair: sigmoidCrossEntropy, sparseSoftmaxCrossEntropy, dropout,
// shuffle. Composites of public ops (no kernels, no gradient rules): differentiable to every order through their parts.
import { ArgumentError, DTypeError, ShapeError } from "../errors.js";
import { readList, show } from "../read.js";
import { fmt, sameShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { add, cast, div, exp, greaterEqual, log1p, mul, neg, sub, where } from "./elementwise.js";
import { zerosLike, tensor } from "./creation.js";
import { gather, oneHot } from "./gather.js";
import { reshape } from "./layout.js";
import { checkReduction, checkSmoothing, readWeights, weighted, type Reduction } from "./losses.js";
import { logSoftmax } from "./nn.js";
import { randomUniform } from "./random.js";
import { sum } from "./reduce.js";
import { requireFloat, withArgs, type TensorLike } from "./run.js";

/**
 * Sigmoid cross-entropy of `logits` against labels in [0, 1], elementwise, reduced as tfjs's
 * `losses.sigmoidCrossEntropy(multiClassLabels, logits, weights?, labelSmoothing?, reduction?)` (by default the mean).
 * Stable for large |logits|: max(x, 0) − x·z + log(1 + exp(−|x|)), with TF's `where` form so the gradient at x = 0 is
 * σ(0) − z. labelSmoothing s: z·(1 − s) + s/2.
 *
 *     tt.sigmoidCrossEntropy(tt.tensor([1, 0]), tt.tensor([2.5, -1]));
 */
export function sigmoidCrossEntropy(multiClassLabels: TensorLike, logits: TensorLike, weights?: TensorLike | null, labelSmoothing = 0,
  reduction: Reduction = "sumByNonzeroWeights"): Tensor {
  const op = "sigmoidCrossEntropy";
  return withArgs(op, (args) => {
    const x = args.tensor(logits, "logits");
    let z = args.tensor(multiClassLabels, "multiClassLabels", "float32");
    requireFloat(x, op, "logits");
    if (!sameShape(z.shape, x.shape)) throw new ShapeError(`${op}: multiClassLabels ${fmt(z.shape)} and logits ${fmt(x.shape)} must have the same shape`);
    checkSmoothing(labelSmoothing, op);
    const w = readWeights(args, weights, x.shape, op);
    const r = checkReduction(reduction, op);
    if (z.dtype !== "float32") z = cast(z, "float32");
    const labels = z;
    const zs = labelSmoothing > 0 ? add(mul(labels, 1 - labelSmoothing), 0.5 * labelSmoothing) : labels;
    const pos = greaterEqual(x, 0), zero = zerosLike(x);
    const losses = add(sub(where(pos, x, zero), mul(x, zs)), log1p(exp(where(pos, neg(x), x))));
    return weighted(losses, w, r); // withArgs's scope frees the intermediates
  });
}

/**
 * Softmax cross-entropy with int32 class indices (TF's `sparse_softmax_cross_entropy`): `labels` has the shape of
 * `logits` without its last axis and values in [0, classes); per row −logSoftmax(logits)[label], reduced as the other
 * losses (by default the mean over the rows; `reduction: "none"` gives TF's `nn` per-row losses). An out-of-range
 * label is a ShapeError (TF raises on CPU).
 */
export function sparseSoftmaxCrossEntropy(labels: TensorLike, logits: TensorLike, weights?: TensorLike | null,
  reduction: Reduction = "sumByNonzeroWeights"): Tensor {
  const op = "sparseSoftmaxCrossEntropy";
  return withArgs(op, (args) => {
    const z = args.tensor(logits, "logits");
    const l = args.tensor(labels, "labels", "int32");
    requireFloat(z, op, "logits");
    if (l.dtype !== "int32") throw new DTypeError(`${op}: labels must be int32 class indices, got ${l.dtype} ${fmt(l.shape)}`);
    if (z.rank === 0 || !sameShape(l.shape, z.shape.slice(0, -1))) {
      throw new ShapeError(`${op}: labels ${fmt(l.shape)} must have the shape of logits ${fmt(z.shape)} without its last axis`);
    }
    const classes = z.shape[z.rank - 1];
    const ids = l.dataSync();
    const bad = ids.findIndex((c) => c < 0 || c >= classes);
    if (bad >= 0) throw new ShapeError(`${op}: labels[${bad}] = ${ids[bad]} is not a class index in [0, ${classes}) of logits ${fmt(z.shape)}`);
    const w = readWeights(args, weights, l.shape, op);
    const r = checkReduction(reduction, op);
    return weighted(neg(sum(mul(oneHot(l, classes), logSoftmax(z)), -1)), w, r);
  });
}

/**
 * tfjs's `dropout(x, rate, noiseShape?, seed?)`: each element (or each slice, with a `noiseShape` that broadcasts to
 * x's, 1 where the mask is shared) is zeroed with probability `rate`, the rest scaled by 1/(1 − rate). Unseeded calls
 * draw from the global stream (a new mask each call); a fixed seed repeats the same mask on every call, so pass a
 * changing seed (e.g. the step) when you want both reproducibility and fresh masks.
 */
export function dropout(x: TensorLike, rate: number, noiseShape?: readonly number[], seed?: number | string): Tensor {
  const op = "dropout";
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, op, "x");
    if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) throw new ArgumentError(`${op}: rate must be a number in [0, 1), got ${show(rate)}`);
    // a copy, read once: the checked dimensions are the ones randomUniform gets
    const noise: readonly unknown[] = noiseShape === undefined || noiseShape === null ? t.shape : readList(noiseShape, op, "noiseShape");
    if (noise.length !== t.rank || noise.some((d, i) => d !== 1 && d !== t.shape[i])) {
      throw new ShapeError(`${op}: noiseShape [${noise.map(show).join(",")}] must have x's rank, each dimension 1 or x's ${fmt(t.shape)}`);
    }
    if (rate === 0) return reshape(t, t.shape);
    // keep where u ≥ rate: probability 1 − rate (tfjs's floor(u + keep) is the same test)
    const mask = cast(greaterEqual(randomUniform(noise as number[], 0, 1, "float32", seed), rate), "float32");
    return mul(t, div(mask, 1 - rate));
  });
}

/**
 * The rows of `x` (along axis 0) in a random order (Fisher–Yates on Philox uniforms), differentiable through
 * `gather`. The same seed gives the same permutation for the same number of rows: shuffle features and labels with
 * one seed to keep pairs together. Unseeded calls draw from the global stream.
 */
export function shuffle(x: TensorLike, seed?: number | string): Tensor {
  const op = "shuffle";
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x");
    if (t.rank === 0) throw new ShapeError(`${op}: x must have rank >= 1 (rows along axis 0), got a scalar`);
    const n = t.shape[0];
    const u = randomUniform([n], 0, 1, "float32", seed);
    const r = u.dataSync();
    u.dispose();
    const perm = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(r[i] * (i + 1));
      const s = perm[i]; perm[i] = perm[j]; perm[j] = s;
    }
    return gather(t, tensor(perm, [n], "int32"), 0);
  });
}
