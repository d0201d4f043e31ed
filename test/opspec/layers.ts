// Op-spec rows for the issue-#12 nn ops: conv1d, depthwiseConv2d, batchNorm (tfjs oracle), layerNorm (numpy fixtures).
import { readFileSync } from "node:fs";
import type * as TF from "@tensorflow/tfjs";
import type { OpCase, OpSpec } from "./types.js";

type Arr = { shape: number[]; values: number[] };
interface LayerNormFixture { label: string; axis: number[]; epsilon: number; inputs: Arr[]; output: Arr }
const fixtures = JSON.parse(readFileSync(new URL("../fixtures/ops.json", import.meta.url), "utf8"),
  (k, v) => (k === "values" ? (v as (number | string)[]).map(Number) : v)) as { layerNorm: LayerNormFixture[] };

type Pad = "same" | "valid" | number;
const conv1dCases: OpCase[] = ([
  [[2, 7, 3], [3, 3, 2], 1, "same", 1], [[2, 8, 2], [2, 2, 3], 2, "valid", 1], [[6, 2], [3, 2, 2], 1, "valid", 2], [[1, 5, 2], [3, 2, 1], 1, 1, 1],
] as [number[], number[], number, Pad, number][]).map(([xs, fs, stride, pad, dil]) => ({
  label: `conv1d x ${JSON.stringify(xs)} filter ${JSON.stringify(fs)} stride ${stride} pad ${pad} dilation ${dil}`,
  inputs: [{ shape: xs }, { shape: fs }],
  ours: (tt, x, f) => tt.conv1d(x, f, stride, pad, "NWC", dil),
  // tfjs's conv1d pads the height too for a numeric pad (and then fails): the oracle gets the width-only padding
  oracle: typeof pad === "number"
    ? (tf, x, f) => {
      const y: TF.Tensor = tf.conv2d(x.reshape([xs[0], 1, xs[1], xs[2]]) as TF.Tensor4D, f.reshape([1, ...fs]) as TF.Tensor4D, [1, stride],
        [[0, 0], [0, 0], [pad as number, pad as number], [0, 0]], "NHWC", [1, dil]);
      return y.reshape([xs[0], -1, fs[2]]);
    }
    : (tf, x, f) => tf.conv1d(x as never, f as never, stride, pad, "NWC", dil),
  differentiable: true,
  gradOracleSkip: dil > 1 ? "tfjs 4.22 has no gradient for dilations > 1" : undefined,
  order3: xs.length === 2,
}));

type P2 = number | [number, number];
const depthwiseCases: OpCase[] = ([
  [[1, 5, 5, 3], [3, 3, 3, 2], 1, "same", 1], [[2, 6, 5, 2], [2, 2, 2, 1], 2, "valid", 1], [[4, 4, 2], [2, 3, 2, 3], 1, "valid", [2, 1]],
] as [number[], number[], P2, "same" | "valid", P2][]).map(([xs, fs, s, pad, d]) => ({
  label: `depthwiseConv2d x ${JSON.stringify(xs)} filter ${JSON.stringify(fs)} strides ${JSON.stringify(s)} ${pad} dilations ${JSON.stringify(d)}`,
  inputs: [{ shape: xs }, { shape: fs }],
  ours: (tt, x, f) => tt.depthwiseConv2d(x, f, s, pad, "NHWC", d),
  oracle: (tf, x, f) => tf.depthwiseConv2d(x as never, f as never, s, pad, "NHWC", d),
  differentiable: true,
  gradOracleSkip: typeof d !== "number" ? "tfjs 4.22 has no gradient for dilations > 1" : undefined,
  gradTol: [1e-3, 1e-4],
}));

const batchNormCases: OpCase[] = ([
  [[4, 3], [3], true, true], [[2, 3, 4], [4], false, true], [[2, 2, 2, 3], [3], true, false], [[5], [5], false, false],
] as [number[], number[], boolean, boolean][]).map(([xs, ps, off, sc]) => ({
  label: `batchNorm x ${JSON.stringify(xs)} stats ${JSON.stringify(ps)}${off ? " offset" : ""}${sc ? " scale" : ""}`,
  inputs: [{ shape: xs }, { shape: ps }, { shape: ps, lo: 0.5, hi: 2 }, { shape: ps }, { shape: ps, lo: 0.5, hi: 1.5 }],
  ours: (tt, x, m, v, o, s) => tt.batchNorm(x, m, v, off ? o : undefined, sc ? s : undefined, 0.01),
  oracle: (tf, x, m, v, o, s) => tf.batchNorm(x, m, v, off ? o : undefined, sc ? s : undefined, 0.01),
  differentiable: true,
  // NOTE: tfjs's batchNorm gradient leaves out the unused offset/scale inputs (zeros here, nulls there): compared numerically
  gradOracleSkip: off && sc ? undefined : "an unused offset or scale has a null tfjs gradient",
  order3: xs.length === 1,
}));

const layerNormCases: OpCase[] = fixtures.layerNorm.map((f) => ({
  label: `layerNorm ${f.label} (numpy)`,
  inputs: f.inputs.map((i) => ({ shape: i.shape, values: i.values })),
  ours: (tt, x, g, b) => tt.layerNorm(x, f.axis, f.epsilon, g, b),
  expected: f.output.values,
  expectedShape: f.output.shape,
  tol: [1e-4, 1e-5],
  differentiable: true,
  gradTol: [2e-2, 3e-3],
  order3: f.label.startsWith("[3,4]"),
}));

export const layersSpecs: OpSpec[] = [
  { op: "conv1d", cases: conv1dCases },
  { op: "depthwiseConv2d", cases: depthwiseCases },
  { op: "batchNorm", cases: batchNormCases },
  { op: "layerNorm", cases: layerNormCases },
];
