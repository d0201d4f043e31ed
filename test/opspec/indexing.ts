// Op-spec rows for layout and indexing: reverse, dot, einsum (tfjs for its subset, numpy fixtures beyond), gatherND,
// scatterND, tensorScatterUpdate, tensorScatterAdd (tfjs's scatterND plus the tensor: tfjs has no tensorScatterAdd), clone.
import { readFileSync } from "node:fs";
import type { InputSpec, OpCase, OpSpec } from "./types.js";

type Arr = { shape: number[]; values: number[] };
interface EinsumFixture { equation: string; inputs: Arr[]; output: Arr }
const fixtures = JSON.parse(readFileSync(new URL("../fixtures/ops.json", import.meta.url), "utf8"),
  (k, v) => (k === "values" ? (v as (number | string)[]).map(Number) : v)) as { einsum: EinsumFixture[] };

const idx = (shape: number[], values: number[]): InputSpec => ({ shape, values, dtype: "int32" });
const float = (shape: number[]): InputSpec => ({ shape });

const einsumTf: [string, number[][]][] = [
  ["ij,jk->ik", [[2, 3], [3, 4]]], ["i,i->", [[5], [5]]], ["ij->ji", [[2, 3]]], ["bij,bjk->bik", [[2, 2, 3], [2, 3, 4]]],
  ["ij,ij->i", [[3, 4], [3, 4]]], ["i,j->ij", [[3], [2]]], ["ijk,kl->ijl", [[2, 3, 2], [2, 3]]],
];

const gatherCases: [number[], InputSpec][] = [
  [[3, 4], idx([2, 2], [2, 1, 0, 3])], [[3, 4], idx([3, 1], [2, 0, 2])], [[2, 3, 2], idx([2, 2, 2], [1, 2, 0, 0, 1, 1, 0, 2])],
];

export const indexingSpecs: OpSpec[] = [
  { op: "reverse", cases: ([[[6], undefined], [[3, 4], 1], [[2, 3, 4], [0, 2]], [[2, 3], [-1, 0]], [[], undefined]] as [number[], number | number[] | undefined][]).map(([shape, axis]) => ({
    label: `reverse ${JSON.stringify(shape)} axis ${JSON.stringify(axis ?? null)}`,
    inputs: [float(shape)],
    ours: (tt, x) => tt.reverse(x, axis).mul(tt.range(1, 1 + x.size).reshape(x.shape)),
    oracle: (tf, x) => tf.reverse(x, axis).mul(tf.range(1, 1 + x.size).reshape(x.shape)),
    differentiable: true,
    order3: shape.length === 1,
  })) },
  { op: "dot", cases: ([[[4], [4]], [[2, 3], [3]], [[3], [3, 2]], [[2, 3], [3, 4]]] as number[][][]).map(([sa, sb]) => ({
    label: `dot ${JSON.stringify(sa)}·${JSON.stringify(sb)}`,
    inputs: [float(sa), float(sb)],
    ours: (tt, a, b) => tt.dot(a, b),
    oracle: (tf, a, b) => tf.dot(a, b),
    differentiable: true,
  })) },
  { op: "einsum", cases: [
    ...einsumTf.map(([eq, shapes]): OpCase => ({
      label: `einsum "${eq}"`,
      inputs: shapes.map(float),
      ours: (tt, ...xs) => tt.einsum(eq, ...xs),
      oracle: (tf, ...xs) => tf.einsum(eq, ...xs),
      differentiable: true,
      gradOracleSkip: "tfjs 4.22 has no Einsum gradient",
      order3: eq === "ij,jk->ik",
    })),
    ...fixtures.einsum.map((f): OpCase => ({
      label: `einsum "${f.equation}" (numpy)`,
      inputs: f.inputs.map((i) => ({ shape: i.shape, values: i.values })),
      ours: (tt, ...xs) => tt.einsum(f.equation, ...xs),
      expected: f.output.values,
      expectedShape: f.output.shape,
      differentiable: true,
    })),
  ] },
  { op: "gatherND", cases: gatherCases.map(([shape, ids]) => ({
    label: `gatherND ${JSON.stringify(shape)} by ${JSON.stringify(ids.shape)}`,
    inputs: [float(shape), ids],
    ours: (tt, x, i) => tt.gatherND(x, i),
    oracle: (tf, x, i) => tf.gatherND(x, i),
    differentiable: true,
    gradOracleSkip: "tfjs 4.22 has no GatherNd gradient",
  })) },
  { op: "scatterND", cases: ([[[5], idx([3, 1], [1, 3, 1]), [3]], [[3, 4], idx([2, 1], [2, 0]), [2, 4]], [[2, 3], idx([2, 2], [1, 2, 0, 0]), [2]]] as [number[], InputSpec, number[]][]).map(([shape, ids, us]) => ({
    label: `scatterND into ${JSON.stringify(shape)} by ${JSON.stringify(ids.shape)}`,
    inputs: [ids, float(us)],
    ours: (tt, i, u) => tt.scatterND(i, u, shape),
    oracle: (tf, i, u) => tf.scatterND(i, u, shape),
    differentiable: true,
    gradOracleSkip: "tfjs 4.22 has no ScatterNd gradient",
  })) },
  ...(["tensorScatterUpdate", "tensorScatterAdd"] as const).map((op): OpSpec => ({
    op,
    cases: ([[[5], idx([3, 1], [4, 0, 4]), [3]], [[3, 4], idx([2, 1], [2, 0]), [2, 4]], [[2, 3], idx([3, 2], [1, 2, 0, 0, 1, 2]), [3]]] as [number[], InputSpec, number[]][]).map(([shape, ids, us]) => ({
      label: `${op} ${JSON.stringify(shape)} by ${JSON.stringify(ids.shape)}${new Set(ids.values!.map(String)).size < ids.values!.length ? " (repeats)" : ""}`,
      inputs: [float(shape), ids, float(us)],
      ours: (tt, t, i, u) => tt[op](t, i, u),
      // tfjs's tensorScatterUpdate applies repeats in order (the last wins), as ours
      oracle: op === "tensorScatterUpdate" ? (tf, t, i, u) => tf.tensorScatterUpdate(t, i, u) : (tf, t, i, u) => tf.add(t, tf.scatterND(i, u, shape)),
      differentiable: true,
      gradOracleSkip: "tfjs 4.22 has no TensorScatterUpdate/ScatterNd gradient",
    })),
  })),
  { op: "clone", cases: [{ label: "clone [2,3]", inputs: [float([2, 3])], ours: (tt, x) => tt.clone(x).square(), oracle: (tf, x) => tf.clone(x).square(), differentiable: true }] },
];
