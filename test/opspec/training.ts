// Op-spec rows for the training helpers: sigmoidCrossEntropy, sparseSoftmaxCrossEntropy, dropout, shuffle.
import * as tt from "tensortape";
import type { OpSpec } from "./types.js";

/** tfjs's dropout formula x · floor(u + keep) / keep, fed with our seeded uniforms u (tfjs's own generator differs). */
const uniforms = (shape: number[], seed: number | string) => tt.tidy(() => Array.from(tt.randomUniform(shape, 0, 1, "float32", seed).dataSync()));

export const trainingSpecs: OpSpec[] = [
  {
    op: "sigmoidCrossEntropy",
    cases: [
      {
        label: "sigmoidCrossEntropy [3,4] labels in [0,1] (mean), gradient for labels too",
        inputs: [{ shape: [3, 4], lo: 0, hi: 1 }, { shape: [3, 4], lo: -3, hi: 3 }],
        ours: (tt, z, x) => tt.sigmoidCrossEntropy(z, x),
        oracle: (tf, z, x) => tf.losses.sigmoidCrossEntropy(z, x),
        differentiable: true,
        order3: true,
      },
      {
        label: "sigmoidCrossEntropy with weights, label smoothing 0.2 and sum",
        inputs: [{ shape: [2, 3], lo: 0, hi: 1 }, { shape: [2, 3], lo: -2, hi: 2 }, { shape: [2, 1], lo: 0.5, hi: 1.5 }],
        ours: (tt, z, x, w) => tt.sigmoidCrossEntropy(z, x, w, 0.2, "sum"),
        oracle: (tf, z, x, w) => tf.losses.sigmoidCrossEntropy(z, x, w, 0.2, tf.Reduction.SUM),
        differentiable: true,
      },
      {
        label: "sigmoidCrossEntropy of large logits (±100) is finite; σ(0) − z at 0",
        inputs: [{ shape: [4], values: [1, 0, 1, 0.25] }, { shape: [4], values: [100, -100, -100, 0] }],
        ours: (tt, z, x) => tt.sigmoidCrossEntropy(z, x, null, 0, "none"),
        expected: [0, 0, 100, Math.log(2)],
        expectedShape: [4],
        differentiable: true,
      },
    ],
  },
  {
    op: "sparseSoftmaxCrossEntropy",
    cases: [
      {
        label: "sparseSoftmaxCrossEntropy int32 labels [5] of logits [5,4] (mean over rows) = softmaxCrossEntropy of one-hot",
        inputs: [{ shape: [5], dtype: "int32", values: [0, 3, 1, 1, 2] }, { shape: [5, 4], lo: -3, hi: 3 }],
        ours: (tt, l, z) => tt.sparseSoftmaxCrossEntropy(l, z),
        oracle: (tf, l, z) => tf.losses.softmaxCrossEntropy(tf.oneHot(l, 4), z),
        differentiable: true,
        order3: true,
      },
      {
        label: "sparseSoftmaxCrossEntropy rank 3, reduction none (TF nn's per-row losses)",
        inputs: [{ shape: [2, 3], dtype: "int32", values: [2, 0, 1, 1, 2, 0] }, { shape: [2, 3, 3], lo: -2, hi: 2 }],
        ours: (tt, l, z) => tt.sparseSoftmaxCrossEntropy(l, z, null, "none"),
        oracle: (tf, l, z) => tf.losses.softmaxCrossEntropy(tf.oneHot(l, 3), z, undefined, 0, tf.Reduction.NONE),
        differentiable: true,
      },
    ],
  },
  {
    op: "dropout",
    cases: [
      {
        label: "dropout rate 0.5, seeded: kept values scaled by 2, gradient through the fixed mask",
        inputs: [{ shape: [4, 5], lo: 0.5, hi: 1.5 }],
        ours: (tt, x) => tt.dropout(x, 0.5, undefined, 11).mul(tt.dropout(x, 0.5, undefined, 11)),
        oracle: (tf, x) => { const m = tf.div(tf.floor(tf.add(tf.tensor(uniforms([4, 5], 11), [4, 5]), 0.5)), 0.5); return tf.mul(tf.mul(x, m), tf.mul(x, m)); },
        differentiable: true,
        order3: true,
      },
      {
        label: "dropout with noiseShape [4,1]: whole rows kept or dropped",
        inputs: [{ shape: [4, 3], lo: 0.5, hi: 1.5 }],
        ours: (tt, x) => tt.dropout(x, 0.3, [4, 1], "rows"),
        oracle: (tf, x) => tf.mul(x, tf.div(tf.floor(tf.add(tf.tensor(uniforms([4, 1], "rows"), [4, 1]), 0.7)), 0.7)),
        differentiable: true,
      },
    ],
  },
  {
    op: "shuffle",
    cases: [
      {
        label: "shuffle rows of [6,2], seeded, gradient through gather",
        inputs: [{ shape: [6, 2], values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }],
        ours: (tt, x) => tt.shuffle(x, 5).square(),
        expected: [64, 81, 0, 1, 4, 9, 36, 49, 16, 25, 100, 121],   // rows 4, 0, 1, 3, 2, 5: a permutation, pinned
        expectedShape: [6, 2],
        differentiable: true,
      },
    ],
  },
];
