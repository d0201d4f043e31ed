// Op-spec rows: unary math (and its #12 additions: rounding, hyperbolic, inverse trig, erf, activations, logic), clip, floorDiv, mod, int32 and bool ops, min prod logSumExp argMax argMin
import type * as TT from "tensortape";
import type * as TF from "@tensorflow/tfjs";
import type { InputSpec, OpCase, OpSpec } from "./types.js";

type AnyOp = (...a: unknown[]) => never;
const ttOp = (tt: typeof TT, name: string) => (tt as never as Record<string, AnyOp>)[name];
const tfOp = (tf: typeof TF, name: string) => (tf as never as Record<string, AnyOp>)[name];

/** A differentiable unary op on shapes [], [7] and [2, 3] (order 3 on [7]), against tfjs. */
const unary = (op: string, input: Omit<InputSpec, "shape">, tfName = op, extra: Partial<OpCase> = {}): OpSpec => ({
  op,
  cases: [[], [7], [2, 3]].map((shape): OpCase => ({
    label: `${op} ${JSON.stringify(shape)}`,
    inputs: [{ shape, ...input }],
    ours: (tt, x) => ttOp(tt, op)(x),
    oracle: (tf, x) => tfOp(tf, tfName)(x),
    differentiable: true,
    order3: shape.length === 1,
    ...extra,
  })),
});

const int = (shape: number[], lo = -9, hi = 9): InputSpec => ({ shape, dtype: "int32", lo, hi });
const shapePairs = [[[2, 3], [2, 3]], [[2, 3], [3]], [[4, 1], [1, 5]], [[], [3]], [[2, 0], [1]]];

/** An op on two int32 tensors (forward only: gradients never flow into integers), with broadcasting. */
const intBinary = (op: string, tfName = op, b: (s: number[]) => InputSpec = (s) => int(s)): OpSpec => ({
  op: `${op} int32`,
  cases: shapePairs.map(([sa, sb]) => ({
    label: `${op} int32 ${JSON.stringify(sa)}×${JSON.stringify(sb)}`,
    inputs: [int(sa, -50, 50), b(sb)],
    ours: (tt, x, y) => ttOp(tt, op)(x, y),
    oracle: (tf, x, y) => tfOp(tf, tfName)(x, y),
  })),
});

const axesCases: (number | number[] | undefined)[] = [undefined, 0, -1, [0, 2]];
/** A reduction over several axes with keepDims false/true, float32 and int32. */
function reduction(op: "min" | "prod", differentiable: boolean, input: Omit<InputSpec, "shape">): OpSpec {
  return {
    op,
    cases: [
      ...axesCases.flatMap((axis) => [false, true].map((keepDims): OpCase => ({
        label: `${op} axis=${JSON.stringify(axis)} keepDims=${keepDims}`,
        inputs: [{ shape: typeof axis === "object" ? [2, 3, 4] : [3, 4], ...input }],
        ours: (tt, x) => tt[op](x, axis, keepDims),
        oracle: (tf, x) => tf[op](x, axis, keepDims),
        differentiable,
        gradOracleSkip: op === "prod" && axis === -1 ? "tfjs 4.22's prod gradient fails on a negative axis (transpose perm)" : undefined,
      }))),
      {
        label: `${op} int32 over axis 1`,
        inputs: [int([3, 4], -5, 5)],
        ours: (tt, x) => tt[op](x, 1),
        oracle: (tf, x) => tf[op](x, 1),
      },
      {
        label: `${op} of an empty axis gives the identity`,
        inputs: [{ shape: [2, 0] }],
        ours: (tt, x) => tt[op](x, 1),
        expected: op === "min" ? [Infinity, Infinity] : [1, 1],
        expectedShape: [2],
      },
    ],
  };
}

/** One spec per op: rows given in several places are joined, in order. */
function merge(specs: OpSpec[]): OpSpec[] {
  const byOp = new Map<string, OpSpec>();
  for (const s of specs) {
    const m = byOp.get(s.op);
    if (m) m.cases.push(...s.cases);
    else byOp.set(s.op, { op: s.op, cases: [...s.cases] });
  }
  return [...byOp.values()];
}

export const elementwiseSpecs: OpSpec[] = merge([
  unary("abs", { awayFromZero: 0.2 }),
  unary("sign", { awayFromZero: 0.1 }),
  unary("log1p", { lo: -0.9, hi: 2 }),
  unary("expm1", { lo: -2, hi: 2 }),
  unary("rsqrt", { lo: 0.5, hi: 2 }),
  unary("reciprocal", { lo: 0.5, hi: 2 }),
  unary("sin", { lo: -3, hi: 3 }),
  unary("cos", { lo: -3, hi: 3 }),
  unary("tan", { lo: -1.2, hi: 1.2 }),
  unary("elu", { lo: -2, hi: 2, awayFromZero: 0.2 }),
  unary("softplus", { lo: -3, hi: 3 }),
  unary("sinh", { lo: -3, hi: 3 }),
  unary("cosh", { lo: -3, hi: 3 }),
  unary("asinh", { lo: -3, hi: 3 }),
  unary("acosh", { lo: 1.2, hi: 4 }),
  unary("atanh", { lo: -0.8, hi: 0.8 }),
  unary("asin", { lo: -0.8, hi: 0.8 }),
  unary("acos", { lo: -0.8, hi: 0.8 }),
  unary("atan", { lo: -3, hi: 3 }),
  // tfjs's erf is A&S 7.1.26 (|error| ≤ 1.5e-7), so the forward tolerance is absolute
  unary("erf", { lo: -2.5, hi: 2.5 }, "erf", { tol: [1e-5, 3e-7] }),
  unary("logSigmoid", { lo: -5, hi: 5 }),
  unary("selu", { lo: -2, hi: 2, awayFromZero: 0.2 }),
  unary("leakyRelu", { lo: -2, hi: 2, awayFromZero: 0.2 }),
  ...(["floor", "ceil", "round"] as const).map((op): OpSpec => ({
    op,
    cases: [
      { label: `${op} of random values`, inputs: [{ shape: [3, 5], lo: -4, hi: 4 }], ours: (tt, x) => tt[op](x), oracle: (tf, x) => tf[op](x) },
      {
        label: `${op}: halves, ±0, ±Inf, NaN, 2^23 + 1 (rounding halves to even as TF, not Math.round)`,
        inputs: [{ shape: [10], values: [0.5, 1.5, 2.5, -0.5, -2.5, -0, Infinity, -Infinity, NaN, 8388609] }],
        ours: (tt, x) => tt[op](x),
        expected: {
          floor: [0, 1, 2, -1, -3, -0, Infinity, -Infinity, NaN, 8388609],
          ceil: [1, 2, 3, -0, -2, -0, Infinity, -Infinity, NaN, 8388609],
          round: [0, 2, 2, -0, -2, -0, Infinity, -Infinity, NaN, 8388609],
        }[op],
      },
      {
        label: `${op} has no gradient (TF registers None): tape.gradient is null`,
        inputs: [{ shape: [3], values: [0.3, 1.7, -2.2] }],
        ours: (tt, x) => {
          const t = new tt.GradientTape();
          const y = t.record(() => { t.watch(x); return tt[op](x); });
          const g = t.gradient(y, x);
          return tt.tensor([g === null ? 1 : 0]);
        },
        expected: [1],
      },
    ],
  })),
  {
    op: "atan2",
    cases: [
      ...[[[2, 3], [2, 3]], [[2, 3], [3]], [[4, 1], [1, 5]], [[], [3]]].map(([sa, sb]): OpCase => ({
        label: `atan2 ${JSON.stringify(sa)}×${JSON.stringify(sb)} (all four quadrants)`,
        inputs: [{ shape: sa, lo: -2, hi: 2, awayFromZero: 0.2 }, { shape: sb, lo: -2, hi: 2, awayFromZero: 0.2 }],
        ours: (tt, a, b) => tt.atan2(a, b),
        oracle: (tf, a, b) => tf.atan2(a, b),
        differentiable: true,
        order3: sa.length === 2 && sb.length === 2 && sa[0] === 2 && sb[1] === 3 && sb.length === sa.length,
      })),
      {
        label: "atan2: signed zeros and infinities as C (atan2(±0, −0) = ±π, atan2(±Inf, −Inf) = ±3π/4), NaN",
        inputs: [{ shape: [8], values: [0, -0, 0, -0, Infinity, -Infinity, 1, NaN] }, { shape: [8], values: [0, 0, -0, -0, -Infinity, Infinity, -Infinity, 1] }],
        ours: (tt, a, b) => tt.atan2(a, b),
        expected: [0, -0, Math.PI, -Math.PI, 3 * Math.PI / 4, -Math.PI / 4, Math.PI, NaN],
      },
    ],
  },
  {
    op: "squaredDifference",
    cases: [
      ...[[[2, 3], [2, 3]], [[2, 3], [3]], [[4, 1], [1, 5]]].map(([sa, sb]): OpCase => ({
        label: `squaredDifference ${JSON.stringify(sa)}×${JSON.stringify(sb)}`,
        inputs: [{ shape: sa, lo: -2, hi: 2 }, { shape: sb, lo: -2, hi: 2 }],
        ours: (tt, a, b) => tt.squaredDifference(a, b),
        oracle: (tf, a, b) => tf.squaredDifference(a, b),
        differentiable: true,
        gradOracleSkip: sa.join() === sb.join() ? undefined : "tfjs 4.22's squaredDifference gradient does not reduce over broadcast dimensions",
        order3: sa[0] === 4,
      })),
      ...intBinary("squaredDifference").cases,
    ],
  },
  intBinary("pow", "pow", (s) => int(s, 0, 7)),
  {
    op: "pow int32",
    cases: [{
      label: "pow int32: negative exponents give ⌊aᵇ⌋ toward 0 (1, ±1 or 0, as tfjs); overflow wraps as TF",
      inputs: [{ shape: [6], dtype: "int32", values: [2, 1, -1, -1, 3, 3] }, { shape: [6], dtype: "int32", values: [-1, -4, -3, -2, 20, 0] }],
      ours: (tt, a, b) => tt.pow(a, b),
      expected: [0, 1, -1, 1, -808182895, 1],
    }],
  },
  ...(["silu", "gelu", "gelu approximate"] as const).map((name): OpSpec => ({
    op: name.split(" ")[0],
    cases: [[7], [2, 3]].map((shape): OpCase => ({
      // tfjs has neither: the oracle is the definition in tfjs ops (gelu: x·Φ(x) with tfjs's erf, so an absolute tolerance)
      label: `${name} ${JSON.stringify(shape)}`,
      inputs: [{ shape, lo: -3, hi: 3 }],
      ours: (tt, x) => (name === "silu" ? tt.silu(x) : tt.gelu(x, name !== "gelu")),
      oracle: (tf, x) => name === "silu" ? tf.mul(x, tf.sigmoid(x))
        : name === "gelu" ? tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1))
        : tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI))), 1)),
      differentiable: true,
      order3: shape.length === 1,
      tol: [1e-5, 5e-7],
    })),
  })),
  {
    op: "gelu",
    cases: [{
      label: "gelu at 0, ±Inf and large |x|: 0, x, and NaN at −Inf (−Inf·Φ(−Inf) = −Inf·0, as TF)",
      inputs: [{ shape: [5], values: [0, Infinity, -Infinity, 10, -10] }],
      ours: (tt, x) => tt.gelu(x),
      expected: [0, Infinity, NaN, 10, -0],
    }],
  },
  {
    op: "leakyRelu",
    cases: [{
      label: "leakyRelu alpha 0.5 and alpha > 1 (a where, not a maximum); gradient at 0 is alpha (TF)",
      inputs: [{ shape: [6], lo: -2, hi: 2, awayFromZero: 0.2 }],
      ours: (tt, x) => tt.add(tt.leakyRelu(x, 0.5), tt.leakyRelu(x, 3)),
      oracle: (tf, x) => tf.add(tf.leakyRelu(x, 0.5), tf.leakyRelu(x, 3)),
      differentiable: true,
    }],
  },
  ...(["isNaN", "isInf", "isFinite"] as const).map((op): OpSpec => ({
    op,
    cases: [
      {
        label: `${op} of ±0, ±Inf, NaN, finite and the largest float32`,
        inputs: [{ shape: [2, 4], values: [0, -0, Infinity, -Infinity, NaN, 1.5, -3.4028234e38, 1e-45] }],
        ours: (tt, x) => tt[op](x),
        oracle: (tf, x) => tf[op](x),
      },
      {
        label: `${op} of int32 (never NaN or infinite)`,
        inputs: [int([5])],
        ours: (tt, x) => tt[op](x),
        expected: op === "isFinite" ? [1, 1, 1, 1, 1] : [0, 0, 0, 0, 0],
      },
    ],
  })),
  ...(["logicalAnd", "logicalOr", "logicalXor"] as const).map((op): OpSpec => ({
    op,
    cases: [[[4], [4]], [[2, 1], [1, 3]], [[], [3]], [[2, 0], [1]]].map(([sa, sb]): OpCase => ({
      label: `${op} ${JSON.stringify(sa)}×${JSON.stringify(sb)}`,
      inputs: [{ shape: sa, dtype: "bool" }, { shape: sb, dtype: "bool" }],
      ours: (tt, a, b) => tt[op](a, b),
      oracle: (tf, a, b) => tf[op](a, b),
    })),
  })),
  {
    op: "logicalNot",
    cases: [{
      label: "logicalNot",
      inputs: [{ shape: [2, 3], dtype: "bool" }],
      ours: (tt, x) => tt.logicalNot(x),
      oracle: (tf, x) => tf.logicalNot(x),
    }],
  },
  {
    op: "abs",
    cases: [{
      label: "abs: special values; its gradient at 0 is 0 (TF; tfjs −1)",
      inputs: [{ shape: [5], values: [-0, 0, -Infinity, NaN, -3.5] }],
      ours: (tt, x) => tt.abs(x),
      expected: [0, 0, Infinity, NaN, 3.5],
    }],
  },
  {
    op: "sign",
    cases: [{
      label: "sign: ±0 and NaN are returned as they are (numpy; tfjs maps NaN to 0)",
      inputs: [{ shape: [6], values: [-0, 0, NaN, -Infinity, Infinity, -1e-30] }],
      ours: (tt, x) => tt.sign(x),
      expected: [0, 0, NaN, -1, 1, -1],
    }],
  },
  {
    op: "log1p",
    cases: [{
      label: "log1p: accurate near 0, -1 → -Inf, below -1 → NaN",
      inputs: [{ shape: [5], values: [1e-10, -1e-10, -1, -2, Infinity] }],
      ours: (tt, x) => tt.log1p(x),
      expected: [1e-10, -1e-10, -Infinity, NaN, Infinity],
      tol: [1e-7, 0],
    }],
  },
  {
    op: "expm1",
    cases: [{
      label: "expm1: accurate near 0, saturates at -1, overflows to +Inf",
      inputs: [{ shape: [5], values: [1e-10, -1e-10, -100, 100, -Infinity] }],
      ours: (tt, x) => tt.expm1(x),
      expected: [1e-10, -1e-10, -1, Infinity, -1],
      tol: [1e-7, 0],
    }],
  },
  {
    op: "softplus",
    cases: [{
      label: "softplus: no overflow, exact x for large x, e^x for very negative x",
      inputs: [{ shape: [5], values: [100, -100, 1000, -Infinity, Infinity] }],
      ours: (tt, x) => tt.softplus(x),
      expected: [100, Math.fround(Math.exp(-100)), 1000, 0, Infinity],
      tol: [1e-6, 0],
    }],
  },
  {
    op: "clip",
    cases: [
      {
        label: "clip to [-0.5, 0.5], values away from the bounds",
        inputs: [{ shape: [2, 4], values: [-0.9, -0.45, -0.3, 0, 0.2, 0.44, 0.6, 1.5] }],
        ours: (tt, x) => tt.clip(x, -0.5, 0.5),
        oracle: (tf, x) => tf.clipByValue(x, -0.5, 0.5),
        differentiable: true,
        order3: true,
      },
      {
        label: "clip of a scalar and of random values, unbounded above",
        inputs: [{ shape: [7], lo: -2, hi: 2 }],
        ours: (tt, x) => x.clip(0.123, Infinity),
        oracle: (tf, x) => tf.clipByValue(x, 0.123, Infinity),
      },
      {
        label: "clip keeps NaN",
        inputs: [{ shape: [3], values: [NaN, -5, 5] }],
        ours: (tt, x) => tt.clip(x, -1, 1),
        oracle: (tf, x) => tf.clipByValue(x, -1, 1),
      },
    ],
  },
  {
    op: "floorDiv",
    cases: [
      {
        label: "floorDiv float32 (TF's floordiv: float32; tfjs returns int32)",
        inputs: [{ shape: [6], values: [7, -7, 7.5, -0.5, 3, 0] }, { shape: [6], values: [2, 2, -2, 3, 0, -1] }],
        ours: (tt, a, b) => tt.floorDiv(a, b),
        expected: [3, -4, -4, -1, Infinity, -0],
      },
      ...intBinary("floorDiv").cases,
    ],
  },
  {
    op: "mod",
    cases: [
      ...[[[2, 3], [2, 3]], [[2, 3], [3]], [[4, 1], [1, 5]]].map(([sa, sb]): OpCase => ({
        label: `mod float32 ${JSON.stringify(sa)}×${JSON.stringify(sb)} (divisors of both signs)`,
        inputs: [{ shape: sa, lo: -5, hi: 5 }, { shape: sb, lo: 0.5, hi: 2, awayFromZero: 0.5 }],
        ours: (tt, a, b) => tt.mod(a, b),
        oracle: (tf, a, b) => tf.mod(a, b),
        differentiable: true, // the jumps of mod lie where a/b is an integer, which random values miss
      })),
      ...intBinary("mod").cases,
    ],
  },
  intBinary("add"), intBinary("sub"), intBinary("mul"),
  intBinary("div", "div"), intBinary("maximum"), intBinary("minimum"),
  ...(["neg", "abs", "sign", "square"] as const).map((op): OpSpec => ({
    op: `${op} int32`,
    cases: [
      {
        label: `${op} int32`,
        inputs: [{ shape: [2, 5], dtype: "int32", values: [0, 1, -1, 7, -7, 46340, -46340, 16777216, -16777215, 3] }],
        ours: (tt, x) => tt[op](x),
        oracle: (tf, x) => tf[op](x),
      },
      {
        // tfjs computes these through floats, so only hand values: int32 wraps as TF's does
        label: `${op} int32 at the extremes wraps`,
        inputs: [{ shape: [3], dtype: "int32", values: [2147483647, -2147483648, 65536] }],
        ours: (tt, x) => tt[op](x),
        expected: { neg: [-2147483647, -2147483648, -65536], abs: [2147483647, -2147483648, 65536], sign: [1, -1, 1], square: [1, 0, 0] }[op],
      },
    ],
  })),
  ...(["equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual"] as const).map((op): OpSpec => ({
    op: `${op} int32`,
    cases: [{
      label: `${op} int32 with broadcasting and ties`,
      inputs: [int([3, 4], -2, 2), int([4], -2, 2)],
      ours: (tt, a, b) => tt[op](a, b),
      oracle: (tf, a, b) => tf[op](a, b),
    }],
  })),
  {
    op: "where bool/int32",
    cases: [
      {
        label: "where on bool values with broadcasting",
        inputs: [{ shape: [2, 1], dtype: "bool" }, { shape: [2, 3], dtype: "bool" }, { shape: [3], dtype: "bool" }],
        ours: (tt, c, a, b) => tt.where(c, a, b),
        oracle: (tf, c, a, b) => tf.where(c, a, tf.broadcastTo(b, [2, 3])),
      },
      {
        label: "where on int32 values",
        inputs: [{ shape: [5], dtype: "bool" }, int([5]), int([5])],
        ours: (tt, c, a, b) => tt.where(c, a, b),
        oracle: (tf, c, a, b) => tf.where(c, a, b),
      },
    ],
  },
  {
    op: "sum/max/mean int32, sum bool",
    cases: [
      ...(["sum", "max", "mean"] as const).flatMap((op) => [undefined, 0, [-1]].map((axis): OpCase => ({
        label: `${op} int32 axis=${JSON.stringify(axis)} (mean gives float32, as tfjs)`,
        inputs: [int([3, 4], -100, 100)],
        ours: (tt, x) => tt[op](x, axis),
        oracle: (tf, x) => tf[op](x, axis),
      }))),
      {
        label: "sum of bool counts as int32 (tfjs)",
        inputs: [{ shape: [3, 4], dtype: "bool" }],
        ours: (tt, x) => tt.sum(x, 1),
        oracle: (tf, x) => tf.sum(x, 1),
      },
    ],
  },
  reduction("min", true, {}),
  {
    op: "min",
    cases: [{
      label: "min with ties splits the gradient (TF; tfjs gives each tie the full gradient); NaN propagates",
      inputs: [{ shape: [2, 4], values: [1, -3, -3, 2, 5, NaN, 0, 1] }],
      ours: (tt, x) => tt.min(x, 1),
      expected: [-3, NaN],
    }],
  },
  reduction("prod", true, { lo: 0.5, hi: 1.5 }),
  {
    op: "prod",
    cases: [
      {
        label: "prod with one zero per slice (gradient = product of the others)",
        inputs: [{ shape: [2, 3], values: [0.7, 0, 1.3, -1.2, 0.9, 0] }],
        ours: (tt, x) => tt.prod(x, 1),
        oracle: (tf, x) => tf.prod(x, 1),
        differentiable: true,
      },
      {
        label: "prod with two zeros in a slice: first-order gradient 0 (tfjs agrees)",
        inputs: [{ shape: [4], values: [0, 2, 0, 3] }],
        ours: (tt, x) => tt.prod(x),
        oracle: (tf, x) => tf.prod(x),
      },
    ],
  },
  {
    op: "logSumExp",
    cases: [
      ...[undefined, 1, -1, [0, 2]].flatMap((axis) => [false, true].map((keepDims): OpCase => ({
        label: `logSumExp axis=${JSON.stringify(axis)} keepDims=${keepDims}`,
        inputs: [{ shape: Array.isArray(axis) ? [2, 3, 4] : [3, 4], lo: -3, hi: 3 }],
        ours: (tt, x) => tt.logSumExp(x, axis, keepDims),
        oracle: (tf, x) => tf.logSumExp(x, axis, keepDims),
        differentiable: true,
        order3: axis === 1 && !keepDims,
      }))),
      {
        label: "logSumExp of large values does not overflow",
        inputs: [{ shape: [3], values: [1000, 1000, 999] }],
        ours: (tt, x) => tt.logSumExp(x),
        expected: [1000 + Math.log(2 + Math.exp(-1))],
      },
      {
        label: "logSumExp: all −Inf gives −Inf, a +Inf gives +Inf (TF; tfjs gives NaN)",
        inputs: [{ shape: [3, 2], values: [-Infinity, -Infinity, Infinity, 1, -Infinity, 0] }],
        ours: (tt, x) => tt.logSumExp(x, 1),
        expected: [-Infinity, Infinity, 0],
      },
    ],
  },
  ...(["argMax", "argMin"] as const).map((op): OpSpec => ({
    op,
    cases: [
      ...[0, 1, -1, 2].map((axis): OpCase => ({
        label: `${op} axis=${axis} with ties (first occurrence)`,
        inputs: [{ shape: [3, 4, 5], integer: true, lo: -3, hi: 3 }],
        ours: (tt, x) => tt[op](x, axis),
        oracle: (tf, x) => tf[op](x, axis),
      })),
      {
        label: `${op} default axis 0, int32`,
        inputs: [int([6, 2], -2, 2)],
        ours: (tt, x) => tt[op](x),
        oracle: (tf, x) => tf[op](x),
      },
      {
        label: `${op} keepDims (not in tfjs: vs expandDims of tfjs's result)`,
        inputs: [{ shape: [4, 9] }],
        ours: (tt, x) => tt[op](x, 1, true),
        oracle: (tf, x) => tf.expandDims(tf[op](x, 1), 1),
      },
      {
        label: `${op}: the first NaN wins (numpy, JAX; tfjs skips NaN)`,
        inputs: [{ shape: [2, 4], values: [1, NaN, 3, NaN, -1, 7, -5, NaN] }],
        ours: (tt, x) => tt[op](x, 1),
        expected: [1, 3],
      },
    ],
  })),
]);
