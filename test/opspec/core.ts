// Op-spec rows for the runtime-core ops: arithmetic, unary math, reductions, matmul, layout, comparisons.
import type { OpCase, OpSpec } from "./types.js";

const pos = { lo: 0.5, hi: 2 };
const binary = (op: "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum", tfName: string, a = {}, b = {},
  broadcastGradSkip?: string): OpSpec => ({
  op,
  cases: [
    [[2, 3], [2, 3]], [[2, 3], [3]], [[4, 1], [1, 5]], [[], [3]], [[2, 1, 3], [2, 1]],
  ].map(([sa, sb]) => ({
    label: `${op} ${JSON.stringify(sa)}×${JSON.stringify(sb)}`,
    inputs: [{ shape: sa, ...a }, { shape: sb, ...b }],
    ours: (tt, x, y) => (tt as never as Record<string, (a: unknown, b: unknown) => never>)[op](x, y),
    oracle: (tf, x, y) => (tf as never as Record<string, (a: unknown, b: unknown) => never>)[tfName](x, y),
    differentiable: true,
    gradOracleSkip: JSON.stringify(sa) === JSON.stringify(sb) ? undefined : broadcastGradSkip,
  })),
});
const noReduce = "tfjs 4.22's Maximum/Minimum gradients do not sum over broadcast dimensions (it throws)";
const unary = (op: string, input: object, gradOracleSkip?: string, tfName = op): OpSpec => ({
  op,
  cases: [[], [7], [2, 3]].map((shape) => ({
    label: `${op} ${JSON.stringify(shape)}`,
    inputs: [{ shape, ...input }],
    ours: (tt, x) => (tt as never as Record<string, (a: unknown) => never>)[op](x),
    oracle: (tf, x) => (tf as never as Record<string, (a: unknown) => never>)[tfName](x),
    differentiable: true,
    gradOracleSkip,
    order3: shape.length === 1,
  })),
});

export const coreSpecs: OpSpec[] = [
  binary("add", "add"), binary("sub", "sub"), binary("mul", "mul"),
  binary("div", "div", {}, { ...pos, awayFromZero: 0.5 }),
  binary("pow", "pow", pos, { lo: -1.5, hi: 2 }),
  // maximum/minimum: inputs drawn far apart in different ranges so no ties occur
  binary("maximum", "maximum", { lo: -1, hi: 0 }, { lo: 0.1, hi: 1 }, noReduce),
  binary("minimum", "minimum", { lo: 0.1, hi: 1 }, { lo: -1, hi: 0 }, noReduce),
  unary("neg", {}), unary("exp", { lo: -2, hi: 2 }), unary("log", pos), unary("sqrt", pos),
  unary("square", {}), unary("tanh", { lo: -2, hi: 2 }), unary("sigmoid", { lo: -3, hi: 3 }),
  unary("relu", { awayFromZero: 0.2 }),
  {
    op: "sum",
    cases: [undefined, 0, 1, -1, [0, 2]].flatMap((axis) => [false, true].map((keepDims) => ({
      label: `sum axis=${JSON.stringify(axis)} keepDims=${keepDims}`,
      inputs: [{ shape: axis === undefined || typeof axis === "number" ? [3, 4] : [2, 3, 4] }],
      ours: (tt, x) => tt.sum(x, axis, keepDims),
      oracle: (tf, x) => tf.sum(x, axis, keepDims),
      differentiable: true,
    }))),
  },
  {
    op: "mean",
    cases: [undefined, 0, [0, 2]].map((axis) => ({
      label: `mean axis=${JSON.stringify(axis)}`,
      inputs: [{ shape: [2, 3, 4] }],
      ours: (tt, x) => tt.mean(x, axis),
      oracle: (tf, x) => tf.mean(x, axis),
      differentiable: true,
    })),
  },
  {
    op: "max",
    cases: [
      ...[undefined, 1, [0, 1]].map((axis): OpCase => ({
        label: `max axis=${JSON.stringify(axis)} (no ties)`,
        inputs: [{ shape: [3, 4] }],
        ours: (tt, x) => tt.max(x, axis),
        oracle: (tf, x) => tf.max(x, axis),
        differentiable: true,
      })),
      {
        label: "max with ties splits the gradient (TF; tfjs gives each tie the full gradient)",
        inputs: [{ shape: [4], values: [1, 3, 3, 2] }],
        ours: (tt, x) => tt.max(x),
        expected: [3],
        gradOracleSkip: "ties: tfjs gives every tie the full gradient, TF splits it",
      },
    ],
  },
  {
    op: "matmul",
    cases: [[false, false], [true, false], [false, true], [true, true]].map(([ta, tb]): OpCase => ({
      label: `matmul transposeA=${ta} transposeB=${tb}`,
      inputs: [{ shape: ta ? [4, 3] : [3, 4] }, { shape: tb ? [5, 4] : [4, 5] }],
      ours: (tt, a, b) => tt.matmul(a, b, { transposeA: ta, transposeB: tb }),
      oracle: (tf, a, b) => tf.matMul(a, b, ta, tb),
      differentiable: true,
    })).concat([<OpCase>{
      label: "matmul batched, broadcast batch",
      inputs: [{ shape: [2, 3, 4] }, { shape: [1, 4, 2] }],
      ours: (tt, a, b) => tt.matmul(a, b),
      oracle: (tf, a, b) => tf.matMul(a, tf.tile(b, [2, 1, 1])),
      differentiable: true,
      gradOracleSkip: "tfjs needs the batch tiled, whose gradient differs in shape",
    }]),
  },
  {
    op: "reshape",
    cases: [{
      label: "reshape [2,3,4] → [4,-1]",
      inputs: [{ shape: [2, 3, 4] }],
      ours: (tt, x) => tt.reshape(x, [4, -1]),
      oracle: (tf, x) => tf.reshape(x, [4, -1]),
      differentiable: true,
    }],
  },
  {
    op: "transpose",
    cases: [undefined, [1, 0, 2], [2, 0, 1]].map((perm) => ({
      label: `transpose perm=${JSON.stringify(perm)}`,
      inputs: [{ shape: [2, 3, 4] }],
      ours: (tt, x) => tt.transpose(x, perm),
      oracle: (tf, x) => tf.transpose(x, perm),
      differentiable: true,
    })),
  },
  {
    op: "broadcastTo",
    cases: [{
      label: "broadcastTo [3,1] → [2,3,4]",
      inputs: [{ shape: [3, 1] }],
      ours: (tt, x) => tt.broadcastTo(x, [2, 3, 4]),
      oracle: (tf, x) => tf.broadcastTo(x, [2, 3, 4]),
      differentiable: true,
    }],
  },
  {
    op: "slice",
    cases: [
      { label: "slice [1,0,1] size [2,-1,2] of [3,2,4]", inputs: [{ shape: [3, 2, 4] }], ours: (tt, x) => tt.slice(x, [1, 0, 1], [2, -1, 2]), oracle: (tf, x) => tf.slice(x, [1, 0, 1], [2, -1, 2]), differentiable: true },
      { label: "slice with a number begin", inputs: [{ shape: [5, 2] }], ours: (tt, x) => tt.slice(x, 2), oracle: (tf, x) => tf.slice(x, 2), differentiable: true },
      { label: "slice of int32", inputs: [{ shape: [4], dtype: "int32", lo: -9, hi: 9 }], ours: (tt, x) => tt.slice(x, [1], [2]), oracle: (tf, x) => tf.slice(x, [1], [2]) },
    ],
  },
  {
    op: "pad",
    cases: [
      { label: "pad [[1,2],[0,1]]", inputs: [{ shape: [2, 3] }], ours: (tt, x) => tt.pad(x, [[1, 2], [0, 1]]), oracle: (tf, x) => tf.pad(x, [[1, 2], [0, 1]]), differentiable: true },
      { label: "pad with a constant", inputs: [{ shape: [3] }], ours: (tt, x) => tt.pad(x, [[2, 1]], -1.5), oracle: (tf, x) => tf.pad(x, [[2, 1]], -1.5), differentiable: true },
    ],
  },
  {
    op: "concat",
    cases: [0, 1, -1].map((axis) => ({
      label: `concat axis=${axis}`,
      inputs: [{ shape: [2, 3] }, { shape: [2, 3] }],
      ours: (tt, a, b) => tt.concat([a, b, a], axis),
      oracle: (tf, a, b) => tf.concat([a, b, a], axis),
      differentiable: true,
    })),
  },
  {
    op: "stack",
    cases: [0, 1, 2].map((axis) => ({
      label: `stack axis=${axis}`,
      inputs: [{ shape: [2, 3] }, { shape: [2, 3] }],
      ours: (tt, a, b) => tt.stack([a, b], axis),
      oracle: (tf, a, b) => tf.stack([a, b], axis),
      differentiable: true,
    })),
  },
  ...(["equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual"] as const).map((op): OpSpec => ({
    op,
    cases: [{
      label: `${op} with broadcasting and ties`,
      inputs: [{ shape: [3, 4], integer: true, lo: -2, hi: 2 }, { shape: [4], integer: true, lo: -2, hi: 2 }],
      ours: (tt, a, b) => tt[op](a, b),
      oracle: (tf, a, b) => tf[op](a, b),
    }],
  })),
  {
    op: "where",
    cases: [{
      label: "where with broadcasting",
      inputs: [{ shape: [2, 1], dtype: "bool" }, { shape: [2, 3] }, { shape: [3] }],
      ours: (tt, c, a, b) => tt.where(c, a, b),
      oracle: (tf, c, a, b) => tf.where(c, a, b),
      differentiable: true,
      gradOracleSkip: "tfjs's where requires inputs of one shape for its gradient",
    }],
  },
  {
    op: "cast",
    cases: [
      { label: "cast float32 → int32", inputs: [{ shape: [6], lo: -3, hi: 3 }], ours: (tt, x) => tt.cast(x, "int32"), oracle: (tf, x) => tf.cast(x, "int32") },
      { label: "cast float32 → bool", inputs: [{ shape: [5], values: [0, 1, -2, 0.5, 0] }], ours: (tt, x) => tt.cast(x, "bool"), oracle: (tf, x) => tf.cast(x, "bool") },
      { label: "cast int32 → float32", inputs: [{ shape: [4], dtype: "int32", lo: -5, hi: 5 }], ours: (tt, x) => tt.cast(x, "float32"), oracle: (tf, x) => tf.cast(x, "float32") },
      { label: "cast bool → int32", inputs: [{ shape: [4], dtype: "bool" }], ours: (tt, x) => tt.cast(x, "int32"), oracle: (tf, x) => tf.cast(x, "int32") },
      { label: "cast float32 → float32 (differentiable identity)", inputs: [{ shape: [3] }], ours: (tt, x) => tt.cast(x, "float32"), oracle: (tf, x) => tf.cast(x, "float32"), differentiable: true },
    ],
  },
];
