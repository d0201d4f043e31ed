// Op-spec rows for selection: topk (tfjs oracle), sort and argsort (numpy fixtures, test/fixtures/ops.json).
import { readFileSync } from "node:fs";
import type { OpCase, OpSpec } from "./types.js";

type Arr = { shape: number[]; values: number[] };
interface SortFixture { label: string; input: Arr; dtype: "float32" | "int32"; axis: number; descending: boolean; indices: Arr; sorted: Arr }
const fixtures = JSON.parse(readFileSync(new URL("../fixtures/ops.json", import.meta.url), "utf8"),
  (k, v) => (k === "values" ? (v as (number | string)[]).map(Number) : v)) as { sort: SortFixture[] };

const sortCases = (op: "sort" | "argsort"): OpCase[] => fixtures.sort.map((f) => ({
  label: `${op} ${f.label}`,
  inputs: [{ shape: f.input.shape, values: f.input.values, dtype: f.dtype }],
  ours: (tt, x) => tt[op](x, f.axis, f.descending),
  expected: op === "sort" ? f.sorted.values : f.indices.values,
  expectedShape: f.input.shape,
  // a tie has no derivative (the order flips under a step) and NaN none at all: only tie-free rows are checked
  differentiable: op === "sort" && f.dtype === "float32" && /distinct/.test(f.label),
  order3: op === "sort" && /distinct/.test(f.label),
}));

const topkCases: OpCase[] = ([[[7], 3], [[3, 6], 2], [[2, 3, 5], 5], [[4], 0]] as [number[], number][]).flatMap(([shape, k]) => [
  {
    label: `topk values ${JSON.stringify(shape)} k ${k}`,
    inputs: [{ shape }],
    ours: (tt, x) => tt.topk(x, k).values,
    oracle: (tf, x) => tf.topk(x, k).values,
    differentiable: k > 0,
    gradOracleSkip: "tfjs 4.22 has no TopK gradient",
    order3: shape.length === 1,
  },
  {
    label: `topk indices ${JSON.stringify(shape)} k ${k} (ties)`,
    inputs: [{ shape, lo: -3, hi: 3, integer: true }],
    ours: (tt, x) => tt.topk(x, k).indices,
    oracle: (tf, x) => tf.topk(x, k).indices,
  },
]);

export const selectSpecs: OpSpec[] = [
  { op: "topk", cases: topkCases },
  { op: "sort", cases: sortCases("sort") },
  { op: "argsort", cases: sortCases("argsort") },
];
