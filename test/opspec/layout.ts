// Op-spec rows for layout, index and creation ops: expandDims squeeze split tile gather unsortedSegmentSum
// oneHot linspace eye zerosLike onesLike randomNormal randomUniform, and int32/bool/empty/negative-axis rows
// for reshape transpose slice pad concat stack broadcastTo. Random ops are checked statistically (no oracle).
import type * as TT from "tensortape";
import type { InputSpec, OpCase, OpSpec } from "./types.js";

const i32 = (shape: number[], lo: number, hi: number): InputSpec => ({ shape, dtype: "int32", lo, hi });
const bool = (shape: number[]): InputSpec => ({ shape, dtype: "bool" });
type Fn = (...a: unknown[]) => never;
const call = (lib: unknown, op: string) => (lib as Record<string, Fn>)[op];

/** Rows of one op on ints, bools and empty tensors: the same call in both libraries, forward only. */
const dtypeRows = (op: string, cases: [string, InputSpec[], unknown[]][]): OpCase[] => cases.map(([label, inputs, args]) => ({
  label: `${op} ${label}`,
  inputs,
  ours: (tt, ...xs) => call(tt, op)(...xs, ...args),
  oracle: (tf, ...xs) => call(tf, op)(...xs, ...args),
}));

/** Moments of `x` as [mean, std] (population), computed with tensortape ops. */
const moments = (tt: typeof TT, x: TT.Tensor): TT.Tensor => {
  const m = tt.mean(x);
  return tt.stack([m, tt.sqrt(tt.mean(tt.square(tt.sub(x, m))))]);
};
const N = 100_000;

export const layoutSpecs: OpSpec[] = [
  {
    op: "expandDims",
    cases: [
      ...[0, 1, 2, -1, -3].map((axis): OpCase => ({
        label: `expandDims [2,3] axis=${axis}`,
        inputs: [{ shape: [2, 3] }],
        ours: (tt, x) => tt.expandDims(x, axis),
        oracle: (tf, x) => tf.expandDims(x, axis),
        differentiable: true,
      })),
      { label: "expandDims of a scalar (method)", inputs: [{ shape: [] }], ours: (_, x) => x.expandDims(), oracle: (tf, x) => tf.expandDims(x), differentiable: true },
      ...dtypeRows("expandDims", [["int32 axis=-1", [i32([3], -5, 5)], [-1]], ["bool axis=1", [bool([2, 2])], [1]], ["empty [0,2] axis=1", [{ shape: [0, 2] }], [1]]]),
    ],
  },
  {
    op: "squeeze",
    cases: [
      { label: "squeeze [1,3,1,2] every size-1 axis", inputs: [{ shape: [1, 3, 1, 2] }], ours: (tt, x) => tt.squeeze(x), oracle: (tf, x) => tf.squeeze(x), differentiable: true },
      { label: "squeeze [1,3,1] axis [-1]", inputs: [{ shape: [1, 3, 1] }], ours: (tt, x) => tt.squeeze(x, [-1]), oracle: (tf, x) => tf.squeeze(x, [-1]), differentiable: true },
      { label: "squeeze [1,3,1] axis 0 (a number, method)", inputs: [{ shape: [1, 3, 1] }], ours: (_, x) => x.squeeze(0), oracle: (tf, x) => tf.squeeze(x, [0]), differentiable: true },
      { label: "squeeze [1,1] to a scalar", inputs: [{ shape: [1, 1] }], ours: (tt, x) => tt.squeeze(x), oracle: (tf, x) => tf.squeeze(x), differentiable: true },
      ...dtypeRows("squeeze", [["int32", [i32([1, 4], -5, 5)], [[0]]], ["bool", [bool([3, 1])], []], ["empty [0,1]", [{ shape: [0, 1] }], [[1]]]]),
    ],
  },
  {
    op: "split",
    cases: [
      // the pieces are joined again in another order, so each piece's values and gradient are checked
      {
        label: "split [6,4] into 3 along 0",
        inputs: [{ shape: [6, 4] }],
        ours: (tt, x) => { const [a, b, c] = tt.split(x, 3); return tt.concat([c, a, tt.mul(b, 2)]); },
        oracle: (tf, x) => { const [a, b, c] = tf.split(x, 3); return tf.concat([c, a, tf.mul(b, 2)]); },
        differentiable: true,
      },
      {
        label: "split [3,6] sizes [2,-1,1] along -1 (method)",
        inputs: [{ shape: [3, 6] }],
        ours: (tt, x) => { const [a, b, c] = x.split([2, -1, 1], -1); return tt.concat([b, c, a], 1); },
        oracle: (tf, x) => { const [a, b, c] = tf.split(x, [2, -1, 1], -1); return tf.concat([b, c, a], 1); },
        differentiable: true,
      },
      {
        label: "split [4,2,3] into 2 along 1, one piece used",
        inputs: [{ shape: [4, 2, 3] }],
        ours: (tt, x) => tt.split(x, 2, 1)[1],
        oracle: (tf, x) => tf.split(x, 2, 1)[1],
        differentiable: true,
      },
      {
        label: "split int32 with an empty piece [0,3,0]… sizes [2,0,-1]",
        inputs: [i32([5, 2], -9, 9)],
        ours: (tt, x) => { const [a, b, c] = tt.split(x, [2, 0, -1]); return tt.concat([c, b, a]); },
        oracle: (tf, x) => { const [a, b, c] = tf.split(x, [2, 0, -1]); return tf.concat([c, b, a]); },
      },
      {
        label: "split bool into 2 along 1",
        inputs: [bool([2, 4])],
        ours: (tt, x) => { const [a, b] = tt.split(x, 2, 1); return tt.concat([b, a], 1); },
        oracle: (tf, x) => { const [a, b] = tf.split(x, 2, 1); return tf.concat([b, a], 1); },
      },
    ],
  },
  {
    op: "tile",
    cases: [
      ...[[2, 1], [1, 3], [2, 2]].map((reps): OpCase => ({
        label: `tile [2,3] reps ${JSON.stringify(reps)}`,
        inputs: [{ shape: [2, 3] }],
        ours: (tt, x) => tt.tile(x, reps),
        oracle: (tf, x) => tf.tile(x, reps),
        differentiable: true,
      })),
      { label: "tile [3] reps [4] (method)", inputs: [{ shape: [3] }], ours: (_, x) => x.tile([4]), oracle: (tf, x) => tf.tile(x, [4]), differentiable: true, order3: true },
      { label: "tile [2,1,3] reps [2,3,1]", inputs: [{ shape: [2, 1, 3] }], ours: (tt, x) => tt.tile(x, [2, 3, 1]), oracle: (tf, x) => tf.tile(x, [2, 3, 1]), differentiable: true },
      // five tiled axes take two passes of the strided copy
      { label: "tile rank 5, every axis (two passes)", inputs: [{ shape: [2, 1, 2, 1, 2] }], ours: (tt, x) => tt.tile(x, [2, 2, 2, 3, 2]), oracle: (tf, x) => tf.tile(x, [2, 2, 2, 3, 2]), differentiable: true, gradOracleSkip: "tfjs 4.22 has no tile gradient above rank 4" },
      { label: "tile with reps 0 gives an empty tensor", inputs: [{ shape: [2, 3] }], ours: (tt, x) => tt.tile(x, [0, 2]), oracle: (tf, x) => tf.tile(x, [0, 2]) },
      ...dtypeRows("tile", [["int32", [i32([2, 2], -9, 9)], [[2, 3]]], ["bool", [bool([3])], [[3]]], ["of a scalar", [{ shape: [] }], [[]]]]),
    ],
  },
  {
    op: "gather",
    cases: [
      { label: "gather [5,3] rows [4] with repeats (axis 0)", inputs: [{ shape: [5, 3] }, { shape: [4], dtype: "int32", values: [4, 0, 4, 2] }], ours: (tt, x, i) => tt.gather(x, i), oracle: (tf, x, i) => tf.gather(x, i), differentiable: true, order3: true },
      { label: "gather [3,5] along axis 1 (method)", inputs: [{ shape: [3, 5] }, i32([6], 0, 5)], ours: (_, x, i) => x.gather(i, 1), oracle: (tf, x, i) => tf.gather(x, i, 1), differentiable: true },
      { label: "gather [2,3,4] along axis -1 with indices [2,3]", inputs: [{ shape: [2, 3, 4] }, i32([2, 3], 0, 4)], ours: (tt, x, i) => tt.gather(x, i, -1), oracle: (tf, x, i) => tf.gather(x, i, -1), differentiable: true },
      { label: "gather [4,3] with scalar index (axis dropped)", inputs: [{ shape: [4, 3] }, { shape: [], dtype: "int32", values: [2] }], ours: (tt, x, i) => tt.gather(x, i), oracle: (tf, x, i) => tf.gather(x, i), differentiable: true },
      { label: "gather [2,4,3] batchDims 1, axis 1, indices [2,5]", inputs: [{ shape: [2, 4, 3] }, i32([2, 5], 0, 4)], ours: (tt, x, i) => tt.gather(x, i, 1, 1), oracle: (tf, x, i) => tf.gather(x, i, 1, 1), differentiable: true },
      { label: "gather [2,3,4,2] batchDims 1, axis 2", inputs: [{ shape: [2, 3, 4, 2] }, i32([2, 3], 0, 4)], ours: (tt, x, i) => tt.gather(x, i, 2, 1), oracle: (tf, x, i) => tf.gather(x, i, 2, 1), differentiable: true, gradOracleSkip: "tfjs 4.22's GatherV2 gradient handles batchDims only with axis = batchDims" },
      { label: "gather [2,3,4] batchDims 2, axis -1, indices [2,3,5]", inputs: [{ shape: [2, 3, 4] }, i32([2, 3, 5], 0, 4)], ours: (tt, x, i) => tt.gather(x, i, -1, 2), oracle: (tf, x, i) => tf.gather(x, i, 2, 2), differentiable: true, gradOracleSkip: "tfjs 4.22's GatherV2 gradient handles batchDims = 1 only" },
      { label: "gather int32 x", inputs: [i32([6], -50, 50), i32([3, 2], 0, 6)], ours: (tt, x, i) => tt.gather(x, i), oracle: (tf, x, i) => tf.gather(x, i) },
      { label: "gather bool x along axis 1", inputs: [bool([3, 7]), i32([9], 0, 7)], ours: (tt, x, i) => tt.gather(x, i, 1), oracle: (tf, x, i) => tf.gather(x, i, 1) },
      { label: "gather with empty indices", inputs: [{ shape: [4, 2] }, { shape: [0], dtype: "int32" }], ours: (tt, x, i) => tt.gather(x, i), oracle: (tf, x, i) => tf.gather(x, i) },
      { label: "gather from rows of width 0", inputs: [{ shape: [3, 0] }, i32([2], 0, 3)], ours: (tt, x, i) => tt.gather(x, i), oracle: (tf, x, i) => tf.gather(x, i) },
      { label: "gather with JS indices", inputs: [{ shape: [3, 2] }], ours: (tt, x) => tt.gather(x, [[2, 1], [0, 2]]), oracle: (tf, x) => tf.gather(x, [[2, 1], [0, 2]]), differentiable: true },
    ],
  },
  {
    op: "unsortedSegmentSum",
    cases: [
      { label: "unsortedSegmentSum [6,3] into 4 (an empty segment)", inputs: [{ shape: [6, 3] }, { shape: [6], dtype: "int32", values: [3, 0, 3, 1, 0, 3] }], ours: (tt, x, i) => tt.unsortedSegmentSum(x, i, 4), oracle: (tf, x, i) => tf.unsortedSegmentSum(x, i as never, 4), differentiable: true, order3: true },
      { label: "unsortedSegmentSum [7] into 3 (method)", inputs: [{ shape: [7] }, i32([7], 0, 3)], ours: (_, x, i) => x.unsortedSegmentSum(i, 3), oracle: (tf, x, i) => tf.unsortedSegmentSum(x, i as never, 3), differentiable: true },
      { label: "unsortedSegmentSum with ids [2,3] over x [2,3,4] (TF's prefix ids)", inputs: [{ shape: [2, 3, 4] }, i32([2, 3], 0, 5)], ours: (tt, x, i) => tt.unsortedSegmentSum(x, i, 5), oracle: (tf, x, i) => tf.unsortedSegmentSum(tf.reshape(x, [6, 4]), tf.reshape(i, [6]) as never, 5), differentiable: true },
      { label: "unsortedSegmentSum along axis 1 (extension)", inputs: [{ shape: [3, 5, 2] }, i32([5], 0, 4)], ours: (tt, x, i) => tt.unsortedSegmentSum(x, i, 4, 1), oracle: (tf, x, i) => tf.transpose(tf.unsortedSegmentSum(tf.transpose(x, [1, 0, 2]), i as never, 4), [1, 0, 2]), differentiable: true },
      {
        label: "unsortedSegmentSum batchDims 1, axis 1 (the transpose of gather)",
        inputs: [{ shape: [2, 4, 3] }, i32([2, 4], 0, 3)],
        ours: (tt, x, i) => tt.unsortedSegmentSum(x, i, 3, 1, 1),
        oracle: (tf, x, i) => tf.stack([0, 1].map((b) => tf.unsortedSegmentSum(tf.gather(x, b), tf.gather(i, b) as never, 3))),
        differentiable: true,
      },
      { label: "unsortedSegmentSum of empty x gives zeros", inputs: [{ shape: [0, 2] }, { shape: [0], dtype: "int32" }], ours: (tt, x, i) => tt.unsortedSegmentSum(x, i, 3), expected: [0, 0, 0, 0, 0, 0], expectedShape: [3, 2] },
    ],
  },
  {
    op: "oneHot",
    cases: [
      { label: "oneHot [6] depth 4, out-of-range indices give all-off rows", inputs: [{ shape: [6], dtype: "int32", values: [0, 3, -1, 4, 2, 2] }], ours: (tt, i) => tt.oneHot(i, 4), oracle: (tf, i) => tf.oneHot(i, 4, 1, 0, "float32") },
      { label: "oneHot [2,3] depth 5 on/off -1/0.5 (method)", inputs: [i32([2, 3], 0, 5)], ours: (_, i) => i.oneHot(5, -1, 0.5), oracle: (tf, i) => tf.oneHot(i, 5, -1, 0.5, "float32") },
      { label: "oneHot int32 dtype", inputs: [i32([4], 0, 3)], ours: (tt, i) => tt.oneHot(i, 3, 7, -2, "int32"), oracle: (tf, i) => tf.oneHot(i, 3, 7, -2, "int32") },
      { label: "oneHot of a scalar index", inputs: [{ shape: [], dtype: "int32", values: [1] }], ours: (tt, i) => tt.oneHot(i, 3), oracle: (tf, i) => tf.oneHot(i, 3, 1, 0, "float32") },
      { label: "oneHot depth 1 (tfjs needs depth >= 2)", inputs: [{ shape: [3], dtype: "int32", values: [0, 1, 0] }], ours: (tt, i) => tt.oneHot(i, 1), expected: [1, 0, 1], expectedShape: [3, 1] },
      { label: "oneHot of JS indices, empty", inputs: [], ours: (tt) => tt.oneHot([], 3), expected: [], expectedShape: [0, 3] },
    ],
  },
  {
    op: "linspace",
    cases: [
      ...[[0, 1, 5], [-3, 7, 11], [5, 1, 4], [2, 2, 3], [1.5, 1.5, 1], [-1, 1, 101]].map(([a, b, n]): OpCase => ({
        label: `linspace(${a}, ${b}, ${n})`,
        inputs: [],
        ours: (tt) => tt.linspace(a, b, n),
        oracle: (tf) => tf.linspace(a, b, n),
        tol: [1e-6, 1e-6], // tfjs accumulates the step in float32
      })),
      // exact: start + i·step in float64, rounded once; the end point is stop itself
      { label: "linspace(0, 1, 4) exact thirds", inputs: [], ours: (tt) => tt.linspace(0, 1, 4), expected: [0, Math.fround(1 / 3), Math.fround(2 / 3), 1], tol: [0, 0] },
      { label: "linspace(0.1, 0.7, 7) exact", inputs: [], ours: (tt) => tt.linspace(0.1, 0.7, 7), expected: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7].map((_, i) => Math.fround(i === 6 ? 0.7 : 0.1 + i * (0.6 / 6))), tol: [0, 0] },
    ],
  },
  {
    op: "eye",
    cases: [
      ...([[3], [2, 4], [4, 2], [3, 3, [2]], [2, 3, [2, 3]], [1, 1, [1, 1, 2]], [0]] as [number, number?, number[]?][]).map(([r, c, b]): OpCase => ({
        label: `eye(${r}, ${c ?? ""}${b ? `, ${JSON.stringify(b)}` : ""})`,
        inputs: [],
        ours: (tt) => tt.eye(r, c, b),
        oracle: (tf) => tf.eye(r, c, b as never),
        tol: [0, 0],
      })),
      { label: "eye int32", inputs: [], ours: (tt) => tt.eye(2, 3, undefined, "int32"), oracle: (tf) => tf.eye(2, 3, undefined, "int32"), tol: [0, 0] },
      { label: "eye bool with a batch", inputs: [], ours: (tt) => tt.eye(2, 2, [2], "bool"), oracle: (tf) => tf.eye(2, 2, [2], "bool"), tol: [0, 0] },
    ],
  },
  {
    op: "zerosLike",
    cases: dtypeRows("zerosLike", [["float32", [{ shape: [2, 3] }], []], ["int32", [i32([4], -3, 3)], []], ["bool", [bool([2])], []], ["empty", [{ shape: [0, 5] }], []]]),
  },
  {
    op: "onesLike",
    cases: dtypeRows("onesLike", [["float32", [{ shape: [2, 3] }], []], ["int32", [i32([4], -3, 3)], []], ["bool", [bool([2])], []], ["scalar", [{ shape: [] }], []]]),
  },
  {
    op: "randomNormal",
    cases: [
      // 100k samples: the mean's standard error is σ/316, the std's σ/447; tolerances are ≥ 4 standard errors
      { label: "randomNormal: mean 2, std 3 over 100k samples", inputs: [], ours: (tt) => moments(tt, tt.randomNormal([N], 2, 3, "float32", 1)), expected: [2, 3], tol: [0, 0.04] },
      {
        label: "randomNormal: 68.27% within 1σ, 95.45% within 2σ",
        inputs: [],
        ours: (tt) => {
          const z = tt.randomNormal([N], 0, 1, "float32", 2);
          return tt.stack([1, 4].map((q) => tt.mean(tt.cast(tt.less(tt.square(z), q), "float32"))));
        },
        expected: [0.6827, 0.9545], tol: [0, 0.006],
      },
      {
        label: "randomNormal: same seed → identical, another seed → different, unseeded calls differ",
        inputs: [],
        ours: (tt) => {
          const d2 = (a: TT.Tensor, b: TT.Tensor) => tt.sum(tt.square(tt.sub(a, b)));
          const a = tt.randomNormal([3, 50], 0, 1, "float32", 9), b = tt.randomNormal([3, 50], 0, 1, "float32", 9);
          const c = tt.randomNormal([3, 50], 0, 1, "float32", 10), u = tt.randomNormal([3, 50]), v = tt.randomNormal([3, 50]);
          return tt.stack([d2(a, b), tt.cast(tt.greater(d2(a, c), 10), "float32"), tt.cast(tt.greater(d2(u, v), 10), "float32")]);
        },
        expected: [0, 1, 1], tol: [0, 0],
      },
      { label: "randomNormal int32: rounded, mean 5 std 2", inputs: [], ours: (tt) => moments(tt, tt.cast(tt.randomNormal([N], 5, 2, "int32", 3), "float32")), expected: [5, Math.sqrt(4 + 1 / 12)], tol: [0, 0.03] },
      { label: "randomNormal of shape [0]", inputs: [], ours: (tt) => tt.randomNormal([0, 3]), expected: [], expectedShape: [0, 3] },
    ],
  },
  {
    op: "randomUniform",
    cases: [
      {
        label: "randomUniform [-1, 3): mean 1, std 4/√12, inside the bounds",
        inputs: [],
        ours: (tt) => {
          const x = tt.randomUniform([N], -1, 3, "float32", 4);
          return tt.concat([moments(tt, x), tt.stack([tt.max(x), tt.neg(tt.max(tt.neg(x)))])]);
        },
        expected: [1, 4 / Math.sqrt(12), 3, -1], tol: [0, 0.01],
      },
      {
        label: "randomUniform: each tenth of [0, 1) gets 10% of 100k samples",
        inputs: [],
        ours: (tt) => {
          const x = tt.randomUniform([N], 0, 1, "float32", 5);
          return tt.stack(Array.from({ length: 10 }, (_, k) => tt.mean(tt.cast(tt.mul(tt.cast(tt.greaterEqual(x, k / 10), "float32"), tt.cast(tt.less(x, (k + 1) / 10), "float32")), "float32"))));
        },
        expected: new Array(10).fill(0.1), tol: [0, 0.004],
      },
      {
        label: "randomUniform int32 [-3, 4): every value, none outside",
        inputs: [],
        ours: (tt) => {
          const x = tt.cast(tt.randomUniform([N], -3, 4, "int32", 6), "float32");
          return tt.stack([-4, -3, -2, -1, 0, 1, 2, 3, 4].map((v) => tt.mean(tt.cast(tt.equal(x, v), "float32"))));
        },
        expected: [0, ...new Array(7).fill(1 / 7), 0], tol: [0, 0.005],
      },
      {
        label: "randomUniform: same seed (number or string) → identical, another → different",
        inputs: [],
        ours: (tt) => {
          const d2 = (a: TT.Tensor, b: TT.Tensor) => tt.sum(tt.square(tt.sub(a, b)));
          const a = tt.randomUniform([64], 0, 1, "float32", 123), b = tt.randomUniform([64], 0, 1, "float32", 123);
          const s = tt.randomUniform([64], 0, 1, "float32", "abc"), t = tt.randomUniform([64], 0, 1, "float32", "abc");
          const c = tt.randomUniform([64], 0, 1, "float32", 124);
          return tt.stack([d2(a, b), d2(s, t), tt.cast(tt.greater(d2(a, c), 1), "float32"), tt.cast(tt.greater(d2(a, s), 1), "float32")]);
        },
        expected: [0, 0, 1, 1], tol: [0, 0],
      },
      { label: "randomUniform with minval = maxval", inputs: [], ours: (tt) => tt.randomUniform([3], 2.5, 2.5), expected: [2.5, 2.5, 2.5], tol: [0, 0] },
    ],
  },
  // int32, bool, empty and negative-axis rows of the ops in core.ts
  { op: "reshape", cases: dtypeRows("reshape", [["int32 [2,3] → [3,-1]", [i32([2, 3], -9, 9)], [[3, -1]]], ["bool [4] → [2,2]", [bool([4])], [[2, 2]]], ["empty [0,3] → [3,-1,1]", [{ shape: [0, 3] }], [[3, -1, 1]]], ["scalar → [1,1]", [{ shape: [] }], [[1, 1]]]]) },
  { op: "transpose", cases: dtypeRows("transpose", [["int32 perm [1,2,0]", [i32([2, 3, 4], -9, 9)], [[1, 2, 0]]], ["bool", [bool([3, 5])], []], ["empty [0,3]", [{ shape: [0, 3] }], []]]) },
  { op: "slice", cases: dtypeRows("slice", [["bool [1,1] size [-1,2]", [bool([3, 4])], [[1, 1], [-1, 2]]], ["empty result", [{ shape: [3, 4] }], [[1, 2], [0, 2]]], ["int32 of [0,4]", [i32([0, 4], 0, 3)], [[0, 1], [0, 2]]]]) },
  { op: "pad", cases: dtypeRows("pad", [["int32 with 7", [i32([2, 2], -9, 9)], [[[1, 0], [2, 1]], 7]], ["empty [0,2]", [{ shape: [0, 2] }], [[[1, 1], [0, 0]]]]]) },
  {
    op: "pad",
    cases: [
      { label: "pad of a scalar (no paddings) copies it (tfjs rejects scalars)", inputs: [{ shape: [], values: [1.5] }], ours: (tt, x) => tt.pad(x, []), expected: [1.5], expectedShape: [] },
      { label: "pad bool (tfjs has no bool pad)", inputs: [{ shape: [2], dtype: "bool", values: [1, 0] }], ours: (tt, x) => tt.pad(x, [[1, 2]], 1), expected: [1, 1, 0, 1, 1], expectedShape: [5] },
    ],
  },
  {
    op: "concat",
    cases: [
      { label: "concat int32 axis -2", inputs: [i32([2, 3], -9, 9), i32([1, 3], -9, 9)], ours: (tt, a, b) => tt.concat([a, b], -2), oracle: (tf, a, b) => tf.concat([a, b], -2) },
      { label: "concat bool axis 1", inputs: [bool([2, 1]), bool([2, 3])], ours: (tt, a, b) => tt.concat([a, b], 1), oracle: (tf, a, b) => tf.concat([a, b], 1) },
      { label: "concat with an empty piece", inputs: [{ shape: [2, 0] }, { shape: [2, 3] }], ours: (tt, a, b) => tt.concat([a, b], 1), oracle: (tf, a, b) => tf.concat([a, b], 1), differentiable: true },
      { label: "concat of one tensor", inputs: [{ shape: [3] }], ours: (tt, a) => tt.concat([a]), oracle: (tf, a) => tf.concat([a]), differentiable: true },
    ],
  },
  {
    op: "stack",
    cases: [
      { label: "stack int32 axis -1", inputs: [i32([2, 3], -9, 9), i32([2, 3], -9, 9)], ours: (tt, a, b) => tt.stack([a, b], -1), oracle: (tf, a, b) => tf.stack([a, b], -1) },
      { label: "stack bool", inputs: [bool([3]), bool([3])], ours: (tt, a, b) => tt.stack([a, b]), oracle: (tf, a, b) => tf.stack([a, b]) },
      { label: "stack of empty tensors", inputs: [{ shape: [0] }, { shape: [0] }], ours: (tt, a, b) => tt.stack([a, b], 1), oracle: (tf, a, b) => tf.stack([a, b], 1) },
      { label: "stack of scalars", inputs: [{ shape: [] }, { shape: [] }], ours: (tt, a, b) => tt.stack([a, b]), oracle: (tf, a, b) => tf.stack([a, b]), differentiable: true },
    ],
  },
  { op: "broadcastTo", cases: dtypeRows("broadcastTo", [["int32 [3,1] → [2,3,4]", [i32([3, 1], -9, 9)], [[2, 3, 4]]], ["bool scalar → [2,2]", [bool([])], [[2, 2]]], ["empty [0,1] → [0,3]", [{ shape: [0, 1] }], [[0, 3]]]]) },
];
