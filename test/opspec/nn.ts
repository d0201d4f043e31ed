// Op-spec rows for the nn ops and losses: softmax, logSoftmax, conv2d, conv2dTranspose, maxPool, avgPool,
// meanSquaredError, softmaxCrossEntropy.
import type { InputSpec, OpCase, OpSpec } from "./types.js";
import { rng } from "../helpers/check.js";

type Pair = number | [number, number];
type Pad = "same" | "valid" | number | [number, number][];

/** Distinct values 0.1 apart in a seeded random order: no ties, and no window's maximum changes under a small step. */
function distinct(shape: number[], seed: number): InputSpec {
  const n = shape.reduce((p, d) => p * d, 1), rand = rng(seed);
  const v = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.1);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [v[i], v[j]] = [v[j], v[i]]; }
  return { shape, values: v };
}

/** One-hot rows (int32, as oneHot gives them) for `shape`, classes along the last axis. */
function onehot(shape: number[], seed: number): InputSpec {
  const classes = shape[shape.length - 1], rows = shape.reduce((p, d) => p * d, 1) / classes, rand = rng(seed);
  const v = new Array<number>(rows * classes).fill(0);
  for (let r = 0; r < rows; r++) v[r * classes + Math.floor(rand() * classes)] = 1;
  return { shape, dtype: "int32", values: v };
}

/** Rows of probabilities (positive, summing to 1 along the last axis), float32 so they are differentiable. */
function distributions(shape: number[], seed: number): InputSpec {
  const classes = shape[shape.length - 1], rand = rng(seed);
  const v = Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => 0.1 + rand());
  for (let r = 0; r < v.length; r += classes) {
    const s = v.slice(r, r + classes).reduce((a, b) => a + b, 0);
    for (let k = r; k < r + classes; k++) v[k] /= s;
  }
  return { shape, values: v };
}

/** tfjs's softmax/logSoftmax work on the last axis only: move `axis` there and back. */
function lastAxisPerm(rank: number, axis: number): number[] {
  const a = axis < 0 ? axis + rank : axis;
  const p = Array.from({ length: rank }, (_, i) => i).filter((i) => i !== a);
  return [...p, a];
}
const invert = (p: number[]) => p.map((_, i) => p.indexOf(i));

const softmaxLike = (op: "softmax" | "logSoftmax"): OpSpec => ({
  op,
  cases: [
    ...([[[5], -1], [[3, 4], -1], [[3, 4], 0], [[2, 3, 4], 1], [[2, 3, 4], -3]] as [number[], number][]).map(([shape, axis]): OpCase => {
      const perm = lastAxisPerm(shape.length, axis);
      return {
        label: `${op} ${JSON.stringify(shape)} axis ${axis}`,
        inputs: [{ shape, lo: -3, hi: 3 }],
        ours: (tt, x) => tt[op](x, axis),
        oracle: (tf, x) => tf.transpose(tf[op](tf.transpose(x, perm)), invert(perm)),
        differentiable: true,
        order3: shape.length <= 2,
      };
    }),
    {
      label: `${op} of large logits (±1000) is finite`,
      inputs: [{ shape: [2, 3], values: [1000, 1001, 999, -1000, 0, 1000] }],
      ours: (tt, x) => tt[op](x),
      expected: op === "softmax"
        ? [0.24472847, 0.66524096, 0.09003057, 0, 0, 1]
        : [-1.40760596, -0.40760596, -2.40760596, -2000, -1000, 0],
      tol: [1e-5, 1e-6],
      differentiable: true,
      // central differences of values near 2000 in float32 (ulp 1.2e-4) over a step of 1e-2 carry ~5e-3 of rounding
      gradTol: [2e-2, 1e-2],
    },
    {
      label: `${op} as a method, default axis`,
      inputs: [{ shape: [2, 5] }],
      ours: (_, x) => x[op](),
      oracle: (tf, x) => tf[op](x),
    },
  ],
});

const ceilGradSkip = "tfjs's backprop kernels leave out windows that hang over the input (dimRoundingMode ceil): " +
  "their gradient there is 0, not that of tfjs's own forward";

interface ConvRow { x: number[]; f: number[]; s: Pair; pad: Pad; d?: Pair; order3?: boolean; note?: string }
const convRows: ConvRow[] = [
  { x: [1, 5, 5, 1], f: [3, 3, 1, 2], s: 1, pad: "same", order3: true },
  { x: [2, 6, 7, 3], f: [3, 3, 3, 4], s: 2, pad: "same" },
  { x: [2, 7, 6, 3], f: [3, 2, 3, 8], s: 2, pad: "valid" },
  { x: [1, 7, 8, 2], f: [3, 3, 2, 3], s: 1, pad: "valid", d: 2 },
  { x: [2, 5, 5, 8], f: [2, 2, 8, 3], s: 1, pad: "same", d: [2, 1] },
  { x: [1, 6, 5, 3], f: [2, 3, 3, 2], s: [1, 2], pad: "same" },
  { x: [3, 4, 4, 3], f: [1, 1, 3, 5], s: 1, pad: "valid", note: "1×1 (the pointwise path)" },
  { x: [1, 6, 6, 2], f: [3, 3, 2, 2], s: 2, pad: 1, note: "numeric pad" },
  { x: [1, 5, 6, 2], f: [3, 3, 2, 3], s: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]], note: "explicit pad" },
  { x: [3, 3, 3], f: [2, 2, 3, 2], s: 1, pad: "same", note: "rank-3 x" },
  { x: [1, 3, 3, 2], f: [3, 3, 2, 2], s: 1, pad: "valid", note: "filter as large as the input" },
];

const conv2dSpec: OpSpec = {
  op: "conv2d",
  cases: [
    ...convRows.map((r): OpCase => ({
      label: `conv2d x ${JSON.stringify(r.x)} filter ${JSON.stringify(r.f)} strides ${JSON.stringify(r.s)} ${JSON.stringify(r.pad)}` +
        `${r.d === undefined ? "" : ` dilations ${JSON.stringify(r.d)}`}${r.note ? ` (${r.note})` : ""}`,
      inputs: [{ shape: r.x }, { shape: r.f }],
      ours: (tt, x, f) => tt.conv2d(x, f, r.s, r.pad, "NHWC", r.d ?? 1),
      oracle: (tf, x, f) => tf.conv2d(x as never, f as never, r.s, r.pad as never, "NHWC", r.d ?? 1),
      differentiable: true,
      gradOracleSkip: r.d === undefined ? undefined : "tfjs 4.22 has no conv2d gradient for dilations > 1",
      order3: r.order3,
    })),
    {
      label: "conv2d squared, 3rd order through the conv2d / backprop-input / backprop-filter rules",
      inputs: [{ shape: [1, 4, 3, 2] }, { shape: [2, 2, 2, 2] }],
      ours: (tt, x, f) => tt.conv2d(x, f, 1, "same").square(),
      oracle: (tf, x, f) => tf.square(tf.conv2d(x as never, f as never, 1, "same")),
      differentiable: true,
      order3: true,
    },
    {
      label: "conv2d pad 0 with dimRoundingMode ceil (the last window hangs over the input)",
      inputs: [{ shape: [1, 5, 5, 2] }, { shape: [2, 2, 2, 3] }],
      ours: (tt, x, f) => tt.conv2d(x, f, 2, 0, "NHWC", 1, "ceil"),
      oracle: (tf, x, f) => tf.conv2d(x as never, f as never, 2, 0, "NHWC", 1, "ceil"),
      differentiable: true,
      gradOracleSkip: ceilGradSkip,
    },
    {
      label: "conv2d as a method, batch of 0 images",
      inputs: [{ shape: [0, 4, 4, 2] }, { shape: [3, 3, 2, 3] }],
      ours: (_, x, f) => x.conv2d(f, 1, "same"),
      oracle: (tf, x, f) => tf.conv2d(x as never, f as never, 1, "same"),
    },
  ],
};

const conv2dTransposeSpec: OpSpec = {
  op: "conv2dTranspose",
  cases: ([
    [[1, 3, 3, 2], [3, 3, 4, 2], [1, 6, 6, 4], 2, "same"],
    [[2, 4, 4, 3], [2, 2, 1, 3], [2, 8, 8, 1], 2, "valid"],
    [[1, 4, 5, 2], [3, 3, 3, 2], [1, 6, 7, 3], 1, "valid"],
    [[1, 3, 4, 1], [3, 2, 2, 1], [1, 5, 8, 2], [2, 2], "same"],
  ] as [number[], number[], number[], Pair, Pad][]).map(([xs, fs, out, s, pad]) => ({
    label: `conv2dTranspose x ${JSON.stringify(xs)} filter ${JSON.stringify(fs)} → ${JSON.stringify(out)} strides ${JSON.stringify(s)} ${pad}`,
    inputs: [{ shape: xs }, { shape: fs }],
    ours: (tt, x, f) => tt.conv2dTranspose(x, f, out, s, pad),
    oracle: (tf, x, f) => tf.conv2dTranspose(x as never, f as never, out as never, s, pad as never),
    differentiable: true,
  })),
};

interface PoolRow { x: number[]; k: Pair; s: Pair; pad: Pad; note?: string }
const poolRows: PoolRow[] = [
  { x: [1, 4, 4, 1], k: 2, s: 2, pad: "valid" },
  { x: [2, 5, 5, 3], k: 3, s: 2, pad: "same" },
  { x: [1, 6, 7, 8], k: [2, 3], s: [1, 2], pad: "same" },
  { x: [2, 5, 4, 5], k: 3, s: 1, pad: "valid", note: "overlapping windows" },
  { x: [1, 5, 5, 9], k: 3, s: 1, pad: "same", note: "border windows are partial" },
  { x: [1, 6, 6, 2], k: 3, s: 2, pad: 1, note: "numeric pad" },
  { x: [4, 4, 2], k: 2, s: 2, pad: "same", note: "rank-3 x" },
];

const avgPoolGradSkip = "tfjs's AvgPoolGrad divides by the whole window even where it overlaps the padding " +
  "(not the gradient of its own forward); TF divides by the pixels each window holds";
const poolSpec = (op: "maxPool" | "avgPool"): OpSpec => ({
  op,
  cases: [
    ...poolRows.map((r, i): OpCase => ({
      label: `${op} x ${JSON.stringify(r.x)} filter ${JSON.stringify(r.k)} strides ${JSON.stringify(r.s)} ${JSON.stringify(r.pad)}${r.note ? ` (${r.note})` : ""}`,
      inputs: [op === "maxPool" ? distinct(r.x, 50 + i) : { shape: r.x }],
      ours: (tt, x) => tt[op](x, r.k, r.s, r.pad as never),
      oracle: (tf, x) => tf[op](x as never, r.k, r.s, r.pad as never),
      differentiable: true,
      gradOracleSkip: op === "avgPool" && r.pad !== "valid" ? avgPoolGradSkip : undefined,
    })),
    {
      label: `${op} pad 0 with dimRoundingMode ceil (the last window hangs over the input)`,
      inputs: [op === "maxPool" ? distinct([1, 5, 5, 2], 70) : { shape: [1, 5, 5, 2] }],
      ours: (tt, x) => tt[op](x, 2, 2, 0, "ceil"),
      oracle: (tf, x) => tf[op](x as never, 2, 2, 0, "ceil"),
      differentiable: true,
      gradOracleSkip: ceilGradSkip,
    },
    {
      label: `${op} as a method`,
      inputs: [{ shape: [1, 4, 4, 2] }],
      ours: (_, x) => x[op](2, 1, "valid"),
      oracle: (tf, x) => tf[op](x as never, 2, 1, "valid"),
    },
    ...(op === "maxPool" ? [<OpCase>{
      label: "maxPool with ties (the gradient's tie rule is checked in nn.test.ts)",
      inputs: [{ shape: [1, 3, 4, 1], values: [1, 3, 3, 0, 3, 2, 3, 3, 0, 0, 1, 1] }],
      ours: (tt, x) => tt.maxPool(x, 2, 1, "valid"),
      oracle: (tf, x) => tf.maxPool(x as never, 2, 1, "valid"),
    }] : []),
  ],
});

const lossSpecs: OpSpec[] = [
  {
    op: "meanSquaredError",
    cases: [
      { label: "meanSquaredError [3,4] (mean over all elements)", inputs: [{ shape: [3, 4] }, { shape: [3, 4] }], ours: (tt, l, p) => tt.meanSquaredError(l, p), oracle: (tf, l, p) => tf.losses.meanSquaredError(l, p), differentiable: true },
      { label: "meanSquaredError rank 1", inputs: [{ shape: [7] }, { shape: [7] }], ours: (tt, l, p) => tt.meanSquaredError(l, p), oracle: (tf, l, p) => tf.losses.meanSquaredError(l, p), differentiable: true },
      ...([["none", 0], ["sum", 2], ["mean", 1]] as const).map(([r, tfr]): OpCase => ({
        label: `meanSquaredError with weights [3,1] (one zero), reduction ${r}`,
        inputs: [{ shape: [3, 4] }, { shape: [3, 4] }, { shape: [3, 1], values: [0.5, 0, 2] }],
        ours: (tt, l, p, w) => tt.meanSquaredError(l, p, w, r),
        oracle: (tf, l, p, w) => tf.losses.meanSquaredError(l, p, w, tfr),
        differentiable: true,
      })),
      {
        // the count of non-zero weights jumps where a weight crosses 0: the weights are held constant here
        label: "meanSquaredError with constant weights [3,1] (one zero), reduction sumByNonzeroWeights (divides by 8)",
        inputs: [{ shape: [3, 4] }, { shape: [3, 4] }],
        ours: (tt, l, p) => tt.meanSquaredError(l, p, tt.tensor([[0.5], [0], [2]]), "sumByNonzeroWeights"),
        oracle: (tf, l, p) => tf.losses.meanSquaredError(l, p, tf.tensor([[0.5], [0], [2]]), 3),
        differentiable: true,
      },
    ],
  },
  {
    op: "softmaxCrossEntropy",
    cases: [
      {
        label: "softmaxCrossEntropy one-hot (int32) [4,5] (mean over the batch)",
        inputs: [onehot([4, 5], 3), { shape: [4, 5], lo: -3, hi: 3 }],
        ours: (tt, l, z) => tt.softmaxCrossEntropy(l, z),
        oracle: (tf, l, z) => tf.losses.softmaxCrossEntropy(l, z),
        differentiable: true,
        order3: true,
      },
      {
        label: "softmaxCrossEntropy of soft labels, gradient for labels too",
        inputs: [distributions([3, 4], 5), { shape: [3, 4], lo: -2, hi: 2 }],
        ours: (tt, l, z) => tt.softmaxCrossEntropy(l, z),
        oracle: (tf, l, z) => tf.losses.softmaxCrossEntropy(l, z),
        differentiable: true,
        gradOracleSkip: "tfjs's gradient for the labels is labels − softmax; the true one (TF's) is −logSoftmax(logits)",
      },
      {
        label: "softmaxCrossEntropy of large logits (±1000) is finite",
        inputs: [{ shape: [2, 3], dtype: "int32", values: [0, 0, 1, 1, 0, 0] }, { shape: [2, 3], values: [1000, 1001, 999, -1000, 0, 1000] }],
        ours: (tt, l, z) => tt.softmaxCrossEntropy(l, z),
        expected: [1001.2038],
        expectedShape: [],
        tol: [1e-6, 1e-4],
        differentiable: true,
        // a loss near 1000 in float32 (ulp 6e-5) differenced over a step of 1e-2 carries ~3e-3 of rounding
        gradTol: [2e-2, 1e-2],
      },
      {
        label: "softmaxCrossEntropy rank 3 [2,3,4] (mean over the 6 rows)",
        inputs: [onehot([2, 3, 4], 9), { shape: [2, 3, 4], lo: -2, hi: 2 }],
        ours: (tt, l, z) => tt.softmaxCrossEntropy(l, z),
        oracle: (tf, l, z) => tf.losses.softmaxCrossEntropy(l, z),
        differentiable: true,
      },
      {
        label: "softmaxCrossEntropy rank 3, labelSmoothing 0.1 (classes from the last axis; tfjs reads dimension 1, so its rows are flattened)",
        inputs: [onehot([2, 3, 4], 10), { shape: [2, 3, 4], lo: -2, hi: 2 }],
        ours: (tt, l, z) => tt.softmaxCrossEntropy(l, z, null, 0.1),
        oracle: (tf, l, z) => tf.losses.softmaxCrossEntropy(tf.reshape(l, [6, 4]), tf.reshape(z, [6, 4]), undefined, 0.1),
        differentiable: true,
      },
      {
        label: "softmaxCrossEntropy rank 2, labelSmoothing 0.2",
        inputs: [onehot([3, 4], 11), { shape: [3, 4], lo: -2, hi: 2 }],
        ours: (tt, l, z) => tt.softmaxCrossEntropy(l, z, null, 0.2),
        oracle: (tf, l, z) => tf.losses.softmaxCrossEntropy(l, z, undefined, 0.2),
        differentiable: true,
      },
      ...([["none", 0], ["sum", 2], ["mean", 1]] as const).map(([r, tfr]): OpCase => ({
        label: `softmaxCrossEntropy with weights [4] (one zero), reduction ${r}`,
        inputs: [onehot([4, 3], 13), { shape: [4, 3], lo: -2, hi: 2 }, { shape: [4], values: [1, 0, 0.5, 2] }],
        ours: (tt, l, z, w) => tt.softmaxCrossEntropy(l, z, w, 0, r),
        oracle: (tf, l, z, w) => tf.losses.softmaxCrossEntropy(l, z, w, 0, tfr),
        differentiable: true,
      })),
      {
        label: "softmaxCrossEntropy with constant weights [4] (one zero), reduction sumByNonzeroWeights (divides by 3)",
        inputs: [onehot([4, 3], 14), { shape: [4, 3], lo: -2, hi: 2 }],
        ours: (tt, l, z) => tt.softmaxCrossEntropy(l, z, tt.tensor([1, 0, 0.5, 2]), 0, "sumByNonzeroWeights"),
        oracle: (tf, l, z) => tf.losses.softmaxCrossEntropy(l, z, tf.tensor([1, 0, 0.5, 2]), 0, 3),
        differentiable: true,
      },
    ],
  },
];

export const nnSpecs: OpSpec[] = [
  softmaxLike("softmax"), softmaxLike("logSoftmax"), conv2dSpec, conv2dTransposeSpec, poolSpec("maxPool"), poolSpec("avgPool"), ...lossSpecs,
];
