// Losses with tfjs's signatures and reductions: meanSquaredError, softmaxCrossEntropy (composites of stable ops).
import { show } from "../read.js";
import { ArgumentError, ShapeError } from "../errors.js";
import { fmt, sameShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { add, cast, div, mul, neg, notEqual, square, sub } from "./elementwise.js";
import { broadcastTo } from "./layout.js";
import { logSoftmax } from "./nn.js";
import { mean, sum } from "./reduce.js";
import { requireFloat, withArgs, type Args, type TensorLike } from "./run.js";

/**
 * How per-element losses become the result, as tfjs's `Reduction`: "none" (the weighted losses), "sum",
 * "mean" (Σ weighted / Σ weights), "sumByNonzeroWeights" (Σ weighted / number of non-zero weights; without
 * weights the plain mean; the default). tfjs's numeric enum values 0–3 are accepted too.
 */
export type Reduction = "none" | "mean" | "sum" | "sumByNonzeroWeights";
const REDUCTIONS: readonly Reduction[] = ["none", "mean", "sum", "sumByNonzeroWeights"]; // in tfjs's enum order

/** @internal a `reduction` argument checked against the four Reduction values */
export function checkReduction(r: unknown, op: string): Reduction {
  if (typeof r === "number" && Number.isInteger(r) && r >= 0 && r < 4) return REDUCTIONS[r];
  if (REDUCTIONS.includes(r as Reduction)) return r as Reduction;
  throw new ArgumentError(`${op}: reduction must be one of ${REDUCTIONS.map((x) => `"${x}"`).join(", ")} (or tfjs's Reduction 0–3), got ${show(r)}`);
}

/** @internal a `labelSmoothing` argument: a number in [0, 1] */
export function checkSmoothing(s: unknown, op: string): void {
  if (typeof s !== "number" || !(s >= 0 && s <= 1)) throw new ArgumentError(`${op}: labelSmoothing must be a number in [0, 1], got ${show(s)}`);
}

/** @internal the optional `weights` argument (undefined/null → none), which must broadcast to the losses' shape. */
export function readWeights(args: Args, weights: TensorLike | null | undefined, losses: readonly number[], op: string): Tensor | null {
  if (weights === undefined || weights === null) return null;
  const w = args.tensor(weights, "weights", "float32");
  requireFloat(w, op, "weights");
  const off = losses.length - w.rank;
  if (off < 0 || w.shape.some((d, i) => d !== 1 && d !== losses[off + i])) {
    throw new ShapeError(`${op}: weights ${fmt(w.shape)} cannot be broadcast to the losses' shape ${fmt(losses)}`);
  }
  return w;
}

/** tfjs's computeWeightedLoss, term for term. */
export function weighted(losses: Tensor, w: Tensor | null, reduction: Reduction): Tensor {
  const wl = w === null ? losses : mul(losses, w);
  if (reduction === "none") return wl;
  if (reduction === "sum") return sum(wl);
  if (reduction === "mean") {
    if (w === null) return mean(wl);
    const r = div(sum(wl), sum(w));
    return losses.size > w.size ? div(r, losses.size / w.size) : r;
  }
  if (w === null) return div(sum(wl), losses.size);
  return div(sum(wl), sum(cast(notEqual(broadcastTo(w, losses.shape), 0), "float32")));
}

/**
 * (labels − predictions)², reduced as tfjs's `losses.meanSquaredError(labels, predictions, weights?,
 * reduction?)`: by default the mean over all elements.
 *
 *     tt.meanSquaredError(tt.tensor([1, 2]), tt.tensor([1.5, 2]));   // 0.125
 */
export function meanSquaredError(labels: TensorLike, predictions: TensorLike, weights?: TensorLike | null,
  reduction: Reduction = "sumByNonzeroWeights"): Tensor {
  const op = "meanSquaredError";
  return withArgs(op, (args) => {
    const p = args.tensor(predictions, "predictions");
    const l = args.tensor(labels, "labels", p.dtype);
    requireFloat(p, op, "predictions");
    requireFloat(l, op, "labels");
    if (!sameShape(l.shape, p.shape)) throw new ShapeError(`${op}: labels ${fmt(l.shape)} and predictions ${fmt(p.shape)} must have the same shape`);
    const w = readWeights(args, weights, l.shape, op);
    const r = checkReduction(reduction, op);
    return weighted(square(sub(l, p)), w, r); // withArgs's scope frees the intermediates
  });
}

/**
 * Softmax cross-entropy of `logits` against `onehotLabels` (any rank ≥ 1, the classes along the last
 * axis), as tfjs's `losses.softmaxCrossEntropy(onehotLabels, logits, weights?, labelSmoothing?, reduction?)`:
 * per row −Σ labels · logSoftmax(logits), by default averaged over the rows (the batch). Stable for large
 * logits; the gradient with respect to the logits is (softmax(logits) − labels) / rows for labels that
 * sum to 1. int32/bool labels (from oneHot) are cast to float32. labelSmoothing s replaces the labels by
 * labels · (1 − s) + s / classes.
 *
 *     const loss = tt.softmaxCrossEntropy(tt.tensor([[0, 1], [1, 0]]), logits);
 */
export function softmaxCrossEntropy(onehotLabels: TensorLike, logits: TensorLike, weights?: TensorLike | null, labelSmoothing = 0,
  reduction: Reduction = "sumByNonzeroWeights"): Tensor {
  const op = "softmaxCrossEntropy";
  return withArgs(op, (args) => {
    const z = args.tensor(logits, "logits");
    let l = args.tensor(onehotLabels, "onehotLabels", "float32");
    requireFloat(z, op, "logits");
    if (z.rank === 0) throw new ShapeError(`${op}: logits must have rank >= 1 (classes along the last axis), got a scalar`);
    if (!sameShape(l.shape, z.shape)) throw new ShapeError(`${op}: onehotLabels ${fmt(l.shape)} and logits ${fmt(z.shape)} must have the same shape`);
    checkSmoothing(labelSmoothing, op);
    const w = readWeights(args, weights, z.shape.slice(0, -1), op);
    const r = checkReduction(reduction, op);
    if (l.dtype !== "float32") l = cast(l, "float32");
    const labels = l;
    const classes = z.shape[z.rank - 1];
    const smooth = labelSmoothing > 0 ? add(mul(labels, 1 - labelSmoothing), labelSmoothing / classes) : labels;
    return weighted(neg(sum(mul(smooth, logSoftmax(z)), -1)), w, r); // withArgs's scope frees the intermediates
  });
}
