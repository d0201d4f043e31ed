// Op-spec rows for the scans and summaries: cumsum, cumprod, norm, moments, any, all (tfjs oracle for each).
import type * as TT from "tensortape";
import type * as TF from "@tensorflow/tfjs";
import type { OpCase, OpSpec } from "./types.js";

type Flags = [number, boolean, boolean];
const scanCases = (op: "cumsum" | "cumprod", input: object): OpCase[] =>
  ([[[5], [0, false, false]], [[2, 3, 4], [1, true, false]], [[3, 4], [-1, false, true]], [[4, 3], [0, true, true]], [[2, 9], [1, false, false]]] as [number[], Flags][])
    .map(([shape, [axis, ex, rev]]) => ({
      label: `${op} ${JSON.stringify(shape)} axis ${axis}${ex ? " exclusive" : ""}${rev ? " reverse" : ""}`,
      inputs: [{ shape, ...input }],
      ours: (tt, x) => tt[op](x, axis, ex, rev),
      // NOTE: tfjs 4.22 mis-shapes a negative axis, so the oracle gets it positive
      oracle: (tf, x) => tf[op](x, axis < 0 ? axis + shape.length : axis, ex, rev),
      differentiable: true,
      gradOracleSkip: op === "cumprod" ? "tfjs 4.22 has no Cumprod gradient"
        : ex && axis !== shape.length - 1 ? "tfjs 4.22's exclusive Cumsum gradient on an inner axis has its input's shape transposed (it throws)" : undefined,
      order3: shape.length === 1,
    }));

const flatMoments = (r: { mean: TT.Tensor; variance: TT.Tensor }, tt: typeof TT) => tt.concat([r.mean.reshape([-1]), r.variance.reshape([-1])]);
const flatMomentsTf = (r: { mean: TF.Tensor; variance: TF.Tensor }, tf: typeof TF) => tf.concat([r.mean.reshape([-1]), r.variance.reshape([-1])]);

type Ord = "euclidean" | "fro" | number;
const normCase = (shape: number[], ord: Ord, axis?: number | number[], keepDims = false): OpCase => ({
  label: `norm ${JSON.stringify(shape)} ord ${ord} axis ${JSON.stringify(axis ?? null)}${keepDims ? " keepDims" : ""}`,
  inputs: [{ shape, awayFromZero: 0.05 }],
  ours: (tt, x) => tt.norm(x, ord, axis, keepDims),
  oracle: (tf, x) => tf.norm(x, ord as never, axis, keepDims),
  differentiable: true,
  // tfjs's Abs gradient differs at no sampled point; its Max gradient gives ties all of dy (ours splits), no ties here
});

const logicalCases = (op: "any" | "all"): OpCase[] => ([[[7], undefined], [[3, 4], 1], [[2, 3, 2], [0, 2]], [[0, 3], 0]] as [number[], number | number[] | undefined][])
  .map(([shape, axis]) => ({
    label: `${op} ${JSON.stringify(shape)} axis ${JSON.stringify(axis ?? null)}`,
    inputs: [{ shape, dtype: "bool", lo: op === "any" ? 0 : 0.75, hi: op === "any" ? 1.25 : 2 }],
    ours: (tt, x) => tt[op](x, axis),
    // NOTE: tfjs 4.22's all over an empty axis gives false; numpy and TF give true (the identity of AND)
    ...(op === "all" && shape.includes(0) ? { expected: [1, 1, 1] } : { oracle: (tf: typeof TF, x: TF.Tensor) => tf[op](x, axis) }),
  }));

export const summarySpecs: OpSpec[] = [
  { op: "cumsum", cases: [...scanCases("cumsum", {}), {
    label: "cumsum int32 [3,5] axis 1", inputs: [{ shape: [3, 5], dtype: "int32", lo: -9, hi: 9 }],
    ours: (tt, x) => tt.cumsum(x, 1), oracle: (tf, x) => tf.cumsum(x, 1),
  }] },
  { op: "cumprod", cases: scanCases("cumprod", { lo: 0.5, hi: 1.5 }) },
  { op: "norm", cases: [
    normCase([6], "euclidean"), normCase([6], 1), normCase([6], Infinity), normCase([6], -Infinity), normCase([2, 3], 2),
    normCase([3, 4], "euclidean", 1, true), normCase([3, 4], 1, -1), normCase([2, 3, 4], "fro", [1, 2]), normCase([3, 4], 1, [0, 1]),
    normCase([3, 4], Infinity, [0, 1], true), normCase([4, 3], -Infinity, [0, 1]), normCase([], "euclidean"),
  ] },
  { op: "moments", cases: ([[[6], undefined], [[3, 4], 0], [[2, 3, 4], [0, 2]], [[2, 3], -1]] as [number[], number | number[] | undefined][]).map(([shape, axes]) => ({
    label: `moments ${JSON.stringify(shape)} axes ${JSON.stringify(axes ?? null)}`,
    inputs: [{ shape }],
    ours: (tt: typeof TT, x: TT.Tensor) => flatMoments(tt.moments(x, axes), tt),
    oracle: (tf: typeof TF, x: TF.Tensor) => flatMomentsTf(tf.moments(x, axes), tf),
    differentiable: true,
    order3: shape.length === 1,
  })) },
  { op: "any", cases: logicalCases("any") },
  { op: "all", cases: logicalCases("all") },
];
