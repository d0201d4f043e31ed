// Every rule of the gradient table, checked numerically at first and second order (third on a sample).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { grads } from "../../src/grads.js";
import { checkGrad, rng, size, uniform } from "../helpers/check.js";
import { leakFields, tt } from "../helpers/setup.js";
import type { Tensor } from "tensortape";

const baseline = leakFields(tt.memory());
const rand = rng(2024);
type Inp = { shape: number[]; values: number[] };
const inp = (shape: number[], lo = -1, hi = 1): Inp => ({ shape, values: uniform(rand, size(shape), lo, hi) });
/** values bounded away from 0 (kinks of relu, poles of div) */
const away = (shape: number[], lo = 0.3, hi = 1.5): Inp =>
  ({ shape, values: uniform(rand, size(shape), lo, hi).map((v) => (rand() < 0.5 ? -v : v)) });
/** a pair whose elements differ by at least 0.3 (no ties for maximum/minimum) */
function apart(shape: number[]): [Inp, Inp] {
  const a = inp(shape);
  return [a, { shape, values: a.values.map((v) => v + (rand() < 0.5 ? -1 : 1) * (0.3 + rand())) }];
}
const sq = (t: Tensor) => tt.square(t);

// nn: the backprop primitives are reached through public ops — an inner tape's gradient with a given seed
/** distinct values 0.1 apart, shuffled: no window's maximum changes under the checks' small steps */
const distinct = (shape: number[]): Inp => {
  const v = Array.from({ length: size(shape) }, (_, i) => (i - size(shape) / 2) * 0.1);
  for (let i = v.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [v[i], v[j]] = [v[j], v[i]]; }
  return { shape, values: v };
};
/** d⟨f(x), seed⟩/dx at x = x0, from an inner tape (recorded by the checks' enclosing tapes) */
function vjpAt(f: (x: Tensor) => Tensor, x0: Tensor, seed: Tensor): Tensor {
  const t = new tt.GradientTape();
  const y = t.record(() => { t.watch(x0); return f(x0); });
  return t.gradient(y, x0, { outputGradients: seed })!;
}
/** the JVP of f at x in direction v, by forward mode (the double-VJP of f's rule) */
function jvpAt(f: (x: Tensor) => Tensor, x: Tensor, v: Tensor): Tensor {
  const acc = new tt.ForwardAccumulator(x, v);
  try { return acc.jvp(acc.record(() => f(x)))!; } finally { acc.dispose(); }
}
const conv = (s: number, pad: "same" | "valid", d = 1) => (x: Tensor, w: Tensor) => tt.conv2d(x, w, s, pad, "NHWC", d);
// linear algebra: well-conditioned inputs; cholesky is differentiated along symmetric perturbations (its rule's domain)
/** a matrix (or batch) with a dominant diagonal of either sign; `lower`/`upper` leave junk in the other triangle */
const dominant = (shape: number[]): Inp => {
  const n = shape[shape.length - 1];
  return { shape, values: uniform(rand, size(shape)).map((v, i) => (Math.floor(i / n) % n === i % n ? (rand() < 0.5 ? -1 : 1) * (2 + v / 2) : v)) };
};
/** a dominant matrix with its rows permuted by [2, 0, 1]: partial pivoting swaps, and no pivot is close to a tie */
const pivoted = (b: number): Inp => {
  const d = dominant([b, 3, 3]), v: number[] = [];
  for (let k = 0; k < b; k++) for (const r of [2, 0, 1]) v.push(...d.values.slice(k * 9 + r * 3, k * 9 + r * 3 + 3));
  return { shape: b === 1 ? [3, 3] : [b, 3, 3], values: v };
};
const symPD = (x: Tensor) => tt.add(tt.add(x, tt.transpose(x, x.rank === 2 ? [1, 0] : [0, 2, 1])), tt.eye(x.shape[x.rank - 1]).mul(6));
const flatQR = (x: Tensor) => { const [q, r] = tt.linalg.qr(x); return tt.concat([q.reshape([-1]), r.reshape([-1])]); };
const trs = (lower: boolean, adjoint: boolean, unit = false) => (a: Tensor, b: Tensor) => tt.linalg.triangularSolve(a, b, lower, adjoint, unit);

/** op → functions and inputs that exercise its rule (linear ops are squared so the 2nd order is not trivially 0). */
const cases: Record<string, { f: (...x: Tensor[]) => Tensor; inputs: Inp[] }[]> = {
  add: [{ f: (a, b) => sq(tt.add(a, b)), inputs: [inp([2, 3]), inp([3])] }, { f: (a, b) => sq(tt.add(a, b)), inputs: [inp([2, 1]), inp([1, 4])] }],
  sub: [{ f: (a, b) => sq(tt.sub(a, b)), inputs: [inp([2, 3]), inp([2, 1])] }],
  mul: [{ f: (a, b) => tt.mul(a, b), inputs: [inp([2, 3]), inp([3])] }, { f: (a) => tt.mul(a, a), inputs: [inp([4])] }],
  div: [{ f: (a, b) => tt.div(a, b), inputs: [inp([2, 3]), away([2, 3], 0.5, 2)] }, { f: (a, b) => tt.div(a, b), inputs: [inp([3]), away([], 0.5, 2)] }],
  pow: [{ f: (a, b) => tt.pow(a, b), inputs: [inp([5], 0.5, 2), inp([5], -1, 2)] }, { f: (a) => tt.pow(a, 3), inputs: [inp([4], -2, 2)] }],
  maximum: [{ f: (a, b) => sq(tt.maximum(a, b)), inputs: apart([6]) }],
  minimum: [{ f: (a, b) => sq(tt.minimum(a, b)), inputs: apart([2, 3]) }],
  neg: [{ f: (a) => sq(tt.neg(a)), inputs: [inp([5])] }],
  exp: [{ f: (a) => tt.exp(a), inputs: [inp([2, 3], -2, 2)] }],
  log: [{ f: (a) => tt.log(a), inputs: [inp([5], 0.5, 3)] }],
  sqrt: [{ f: (a) => tt.sqrt(a), inputs: [inp([5], 0.5, 3)] }],
  square: [{ f: (a) => tt.square(a), inputs: [inp([2, 2])] }],
  tanh: [{ f: (a) => tt.tanh(a), inputs: [inp([6], -2, 2)] }],
  sigmoid: [{ f: (a) => tt.sigmoid(a), inputs: [inp([6], -3, 3)] }],
  relu: [{ f: (a) => sq(tt.relu(a)), inputs: [away([7])] }],
  sum: [
    { f: (a) => sq(tt.sum(a, [0, 2])), inputs: [inp([2, 3, 4])] },
    { f: (a) => sq(tt.sum(a, 1, true)), inputs: [inp([3, 4])] },
    { f: (a) => sq(tt.sum(a)), inputs: [inp([5])] },
  ],
  max: [
    { f: (a) => sq(tt.max(a, 1)), inputs: [{ shape: [2, 4], values: [0.1, 0.9, -0.5, 0.3, -1, -0.2, -0.7, 0.6] }] },
    { f: (a) => sq(tt.max(a)), inputs: [{ shape: [5], values: [0.2, -0.4, 1.1, 0.5, -0.9] }] },
  ],
  matmul: [
    { f: (a, b) => sq(tt.matmul(a, b)), inputs: [inp([3, 4]), inp([4, 2])] },
    { f: (a, b) => sq(tt.matmul(a, b, { transposeA: true })), inputs: [inp([4, 3]), inp([4, 2])] },
    { f: (a, b) => sq(tt.matmul(a, b, { transposeB: true })), inputs: [inp([3, 4]), inp([2, 4])] },
    { f: (a, b) => sq(tt.matmul(a, b, { transposeA: true, transposeB: true })), inputs: [inp([4, 3]), inp([2, 4])] },
    { f: (a, b) => sq(tt.matmul(a, b)), inputs: [inp([2, 3, 4]), inp([4, 2])] },
    { f: (a, b) => sq(tt.matmul(a, b)), inputs: [inp([1, 2, 3]), inp([2, 3, 2])] },
  ],
  reshape: [{ f: (a) => tt.mul(tt.reshape(a, [3, 2]), tt.tensor([[1, 2], [3, 4], [5, 6]])).square(), inputs: [inp([2, 3])] }],
  transpose: [{ f: (a) => tt.mul(tt.transpose(a, [2, 0, 1]), tt.range(0, 24).reshape([4, 2, 3])).square(), inputs: [inp([2, 3, 4])] }],
  broadcastTo: [{ f: (a) => tt.mul(tt.broadcastTo(a, [2, 3, 4]), tt.range(0, 24).reshape([2, 3, 4])).square(), inputs: [inp([3, 1])] }],
  where: [{ f: (a, b) => sq(tt.where(tt.tensor([true, false, true]), a, b)), inputs: [inp([2, 3]), inp([3])] }],
  cast: [{ f: (a) => sq(tt.cast(a, "float32")), inputs: [inp([3])] }],
  slice: [{ f: (a) => sq(tt.slice(a, [1, 0], [1, 2])), inputs: [inp([3, 4])] }],
  pad: [{ f: (a) => tt.mul(tt.pad(a, [[1, 0], [0, 2]], 0.5), tt.range(0, 15).reshape([3, 5])).square(), inputs: [inp([2, 3])] }],
  concat: [{ f: (a, b) => tt.mul(tt.concat([a, b, a], 1), tt.range(0, 14).reshape([2, 7])).square(), inputs: [inp([2, 3]), inp([2, 1])] }],
  custom: [{
    // a custom gradient that is the true one (d x³ = 3x²·dx), differentiated again at second order
    f: (a) => tt.customGradient((x) => ({ value: x.mul(x).mul(x), gradFunc: (dy, [x]) => dy.mul(x.square().mul(3)) }))(a),
    inputs: [inp([4])],
  }],
  // linear ops: multiplied by a fixed tensor and squared so the 2nd order is not trivially 0
  gather: [
    { f: (a) => tt.mul(tt.gather(a, tt.tensor([3, 0, 3, 1], [4], "int32")), tt.range(1, 9).reshape([4, 2])).square(), inputs: [inp([4, 2])] },
    { f: (a) => sq(tt.gather(a, tt.tensor([[2, 2], [0, 1]], [2, 2], "int32"), 1)), inputs: [inp([2, 3])] },
    { f: (a) => sq(tt.gather(a, tt.tensor([[1, 1, 0], [2, 0, 0]], [2, 3], "int32"), 1, 1)), inputs: [inp([2, 3, 2])] },
  ],
  unsortedSegmentSum: [
    { f: (a) => tt.mul(tt.unsortedSegmentSum(a, tt.tensor([2, 0, 2, 2, 1], [5], "int32"), 4), tt.range(1, 9).reshape([4, 2])).square(), inputs: [inp([5, 2])] },
    { f: (a) => sq(tt.unsortedSegmentSum(a, tt.tensor([[0, 1, 1], [1, 1, 0]], [2, 3], "int32"), 2, 1, 1)), inputs: [inp([2, 3, 2])] },
  ],
  conv2d: [
    { f: (x, w) => sq(conv(2, "same")(x, w)), inputs: [inp([2, 5, 4, 3]), inp([3, 2, 3, 2])] },
    { f: (x, w) => sq(conv(1, "valid", 2)(x, w)), inputs: [inp([1, 5, 6, 2]), inp([2, 2, 2, 3])] },
    { f: (x, w) => sq(conv(1, "valid")(x, w)), inputs: [inp([2, 3, 3, 4]), inp([1, 1, 4, 3])] },
  ],
  // B(dy, w) = d⟨conv2d(x, w), dy⟩/dx: conv2dTranspose, and an inner tape's gradient (dilated)
  conv2dBackpropInput: [
    { f: (dy, w) => sq(tt.conv2dTranspose(dy, w, [2, 5, 5, 2], 2, "same")), inputs: [inp([2, 3, 3, 3]), inp([3, 3, 2, 3])] },
    { f: (dy, w) => sq(vjpAt((x) => conv(1, "valid", 2)(x, w), tt.zeros([1, 5, 6, 2]), dy)), inputs: [inp([1, 3, 4, 3]), inp([2, 2, 2, 3])] },
  ],
  // F(x, dy) = d⟨conv2d(x, w), dy⟩/dw
  conv2dBackpropFilter: [
    { f: (x, dy) => sq(vjpAt((w) => conv(2, "same")(x, w), tt.zeros([3, 2, 3, 2]), dy)), inputs: [inp([2, 5, 4, 3]), inp([2, 3, 2, 2])] },
    { f: (x, dy) => sq(vjpAt((w) => conv(1, "valid", 2)(x, w), tt.zeros([2, 2, 2, 3]), dy)), inputs: [inp([1, 5, 6, 2]), inp([1, 3, 4, 3])] },
  ],
  maxPool: [
    { f: (x) => sq(tt.maxPool(x, 3, 2, "same")), inputs: [distinct([2, 5, 5, 3])] },
    { f: (x) => sq(tt.maxPool(x, 2, 1, "valid")), inputs: [distinct([1, 4, 3, 5])] },
  ],
  // maxPoolBackprop(dy, x): no gradient for x (the route is piecewise constant), which central differences confirm
  maxPoolBackprop: [{
    f: (dy, x) => sq(vjpAt((z) => tt.maxPool(z, 3, 2, "same"), x, dy)),
    inputs: [inp([1, 3, 3, 5]), distinct([1, 5, 5, 5])],
  }],
  // maxPoolGather(v, x) is maxPool's JVP at x in direction v
  maxPoolGather: [{ f: (v, x) => sq(jvpAt((z) => tt.maxPool(z, 2, 1, "valid"), x, v)), inputs: [inp([1, 4, 3, 5]), distinct([1, 4, 3, 5])] }],
  avgPool: [
    { f: (x) => sq(tt.avgPool(x, 3, 2, "same")), inputs: [inp([2, 5, 5, 3])] },
    { f: (x) => sq(tt.avgPool(x, [2, 3], 1, "valid")), inputs: [inp([1, 4, 5, 6])] },
  ],
  avgPoolBackprop: [{ f: (dy) => sq(vjpAt((z) => tt.avgPool(z, 3, 2, "same"), tt.zeros([1, 5, 5, 2]), dy)), inputs: [inp([1, 3, 3, 2])] }],
  // more unary math, clip, mod, min, prod
  abs: [{ f: (a) => sq(tt.abs(a)).mul(a), inputs: [away([6])] }],
  sign: [{ f: (a) => tt.sign(a).mul(a.square()), inputs: [away([5])] }],
  log1p: [{ f: (a) => tt.log1p(a), inputs: [inp([5], -0.8, 3)] }],
  expm1: [{ f: (a) => tt.expm1(a), inputs: [inp([2, 3], -2, 2)] }],
  rsqrt: [{ f: (a) => tt.rsqrt(a), inputs: [inp([5], 0.5, 3)] }],
  reciprocal: [{ f: (a) => tt.reciprocal(a), inputs: [inp([5], 0.5, 3)] }],
  sin: [{ f: (a) => tt.sin(a), inputs: [inp([6], -4, 4)] }],
  cos: [{ f: (a) => tt.cos(a), inputs: [inp([6], -4, 4)] }],
  tan: [{ f: (a) => tt.tan(a), inputs: [inp([6], -1.2, 1.2)] }],
  elu: [{ f: (a) => sq(tt.elu(a)), inputs: [away([7], 0.2, 2)] }],
  softplus: [{ f: (a) => tt.softplus(a), inputs: [inp([6], -4, 4)] }],
  // issue #12's elementwise primitives; floor/ceil/round have no rule gradient (null), so their cases multiply by
  // x (the piecewise-constant factor holds under the checks' small steps away from integers)
  floor: [{ f: (a) => tt.floor(a).mul(a.square()), inputs: [{ shape: [5], values: [0.3, -1.4, 2.6, -0.7, 1.2] }] }],
  ceil: [{ f: (a) => tt.ceil(a).mul(a.square()), inputs: [{ shape: [5], values: [0.3, -1.4, 2.6, -0.7, 1.2] }] }],
  round: [{ f: (a) => tt.round(a).mul(a.square()), inputs: [{ shape: [5], values: [0.3, -1.4, 2.6, -0.7, 1.2] }] }],
  sinh: [{ f: (a) => tt.sinh(a), inputs: [inp([6], -3, 3)] }],
  cosh: [{ f: (a) => tt.cosh(a), inputs: [inp([6], -3, 3)] }],
  asinh: [{ f: (a) => tt.asinh(a), inputs: [inp([6], -3, 3)] }],
  acosh: [{ f: (a) => tt.acosh(a), inputs: [inp([6], 1.3, 4)] }],
  atanh: [{ f: (a) => tt.atanh(a), inputs: [inp([6], -0.8, 0.8)] }],
  asin: [{ f: (a) => tt.asin(a), inputs: [inp([6], -0.8, 0.8)] }],
  acos: [{ f: (a) => tt.acos(a), inputs: [inp([6], -0.8, 0.8)] }],
  atan: [{ f: (a) => tt.atan(a), inputs: [inp([6], -3, 3)] }],
  erf: [{ f: (a) => tt.erf(a), inputs: [inp([6], -2, 2)] }],
  atan2: [
    { f: (a, b) => tt.atan2(a, b), inputs: [away([2, 3]), away([2, 3])] },
    { f: (a, b) => tt.atan2(a, b), inputs: [away([2, 3]), away([3])] },
  ],
  clip: [{ f: (a) => sq(tt.clip(a, -0.5, 0.7)), inputs: [{ shape: [6], values: [-1.2, -0.45, -0.1, 0.3, 0.65, 1.1] }] }],
  mod: [{ f: (a, b) => sq(tt.mod(a, b)), inputs: [{ shape: [2, 3], values: [2.3, -1.7, 0.4, -3.1, 5.6, 1.2] }, { shape: [3], values: [1.1, -0.9, 2.6] }] }],
  min: [
    { f: (a) => sq(tt.min(a, 1)), inputs: [{ shape: [2, 4], values: [0.1, 0.9, -0.5, 0.3, -1, -0.2, -0.7, 0.6] }] },
    { f: (a) => sq(tt.min(a, [0, 1], true)), inputs: [{ shape: [2, 3], values: [0.2, -0.4, 1.1, 0.5, -0.9, 0.3] }] },
  ],
  prod: [
    { f: (a) => tt.prod(a, 1), inputs: [inp([3, 4], 0.5, 1.5)] },
    { f: (a) => tt.prod(a, [0, 2]).square(), inputs: [inp([2, 2, 3], -1.5, 1.5)] },
    { f: (a) => tt.prod(a), inputs: [{ shape: [4], values: [0.8, 0, -1.3, 1.1] }] }, // one zero
  ],
  cholesky: [{ f: (x) => tt.linalg.cholesky(symPD(x)), inputs: [inp([3, 3])] }, { f: (x) => tt.linalg.cholesky(symPD(x)), inputs: [inp([2, 2, 2])] }],
  triangularSolve: [
    { f: trs(true, false), inputs: [dominant([3, 3]), inp([3, 2])] },
    { f: trs(true, true), inputs: [dominant([3, 3]), inp([3, 2])] },
    { f: trs(false, false), inputs: [dominant([3, 3]), inp([3, 1])] },
    { f: trs(false, true), inputs: [dominant([3, 3]), inp([3, 2])] },
    { f: trs(true, false), inputs: [dominant([2, 3, 3]), inp([3, 2])] },
    { f: trs(false, true), inputs: [dominant([3, 3]), inp([2, 3, 2])] },
    { f: trs(true, true, true), inputs: [inp([3, 3]), inp([3, 2])] }, // unit diagonal: any values on it, never read
  ],
  lu: [{ f: (x) => tt.linalg.lu(x)[0], inputs: [pivoted(1)] }, { f: (x) => tt.linalg.lu(x)[0].square(), inputs: [pivoted(2)] }],
  qr: [{ f: flatQR, inputs: [inp([4, 3])] }, { f: flatQR, inputs: [inp([3, 3])] }, { f: flatQR, inputs: [inp([2, 3, 2])] }],
  // scans (issue #12)
  cumsum: [{ f: (a) => sq(tt.cumsum(a, 1, true, false)), inputs: [inp([2, 5, 3])] }, { f: (a) => sq(tt.cumsum(a, 0, false, true)), inputs: [inp([6])] }],
  cumprod: [{ f: (a) => tt.cumprod(a, 1), inputs: [away([3, 4], 0.5, 1.5)] }, { f: (a) => tt.cumprod(a, 0, true, true), inputs: [away([2, 3], 0.5, 1.5)] }],
  reverse: [{ f: (a) => tt.reverse(a, [0, 2]).mul(tt.range(0, 24).reshape([2, 3, 4])).square(), inputs: [inp([2, 3, 4])] }, { f: (a) => sq(tt.reverse(a)), inputs: [inp([5])] }],
};

test("every rule of the gradient table has cases here", () => {
  assert.equal(Object.keys(grads).sort(), Object.keys(cases).sort());
});

for (const [op, list] of Object.entries(cases)) {
  for (const order of [1, 2]) {
    test(`${op}: order ${order} matches central differences (${list.length} case${list.length > 1 ? "s" : ""})`, () => {
      list.forEach((c, i) => {
        const before = leakFields(tt.memory());
        try {
          checkGrad({ ...c, order, seed: 100 * i + order });
        } catch (e) {
          throw new Error(`${op} case ${i}: ${(e as Error).message}`);
        }
        assert.equal(leakFields(tt.memory()), before, `${op} case ${i} leaked`);
      });
    });
  }
}

/** Σ a·b of two tensors, in float64. */
const dot = (a: Tensor, b: Tensor) => { const x = a.dataSync(), y = b.dataSync(); let s = 0; for (let i = 0; i < x.length; i++) s += x[i] * y[i]; return s; };

for (const [op, list] of Object.entries(cases)) {
  test(`${op}: forward mode agrees with reverse mode, ⟨w, J·v⟩ = ⟨Jᵀ·w, v⟩`, () => {
    list.forEach((c, i) => tt.tidy(() => {
      const xs = c.inputs.map((s) => tt.tensor(s.values, s.shape));
      const vs = c.inputs.map((s) => tt.tensor(uniform(rand, size(s.shape)), s.shape));
      const acc = new tt.ForwardAccumulator(xs, vs);
      const tape = new tt.GradientTape();
      const y = acc.record(() => tape.record(() => { tape.watch(xs); return c.f(...xs); }));
      const w = tt.tensor(uniform(rand, y.size), y.shape);
      const jv = acc.jvp(y, { unconnectedGradients: "zero" })!;
      const g = tape.gradient(y, xs, { outputGradients: w });
      const lhs = dot(w, jv), rhs = g.reduce((p, gi, k) => p + (gi === null ? 0 : dot(gi, vs[k])), 0);
      assert.ok(Math.abs(lhs - rhs) <= 1e-4 * (1 + Math.abs(rhs)), `${op} case ${i}: ⟨w, Jv⟩ = ${lhs}, ⟨Jᵀw, v⟩ = ${rhs}`);
      acc.dispose();
    }));
  });
}

test("third order: d³(x·x·x)/dx³ = 6 exactly through three nested tapes", () => {
  tt.tidy(() => {
    const x = tt.tensor([0.5, -1, 2]);
    const t1 = new tt.GradientTape(), t2 = new tt.GradientTape(), t3 = new tt.GradientTape();
    const g2 = t1.record(() => {
      const g1 = t2.record(() => {
        const y = t3.record(() => { t3.watch(x); return x.mul(x).mul(x); });
        return t3.gradient(y, x)!;        // 3x²
      });
      assert.equal(Array.from(g1.dataSync()), [0.75, 3, 12]);
      return t2.gradient(g1, x)!;         // 6x
    });
    assert.equal(Array.from(g2.dataSync()), [3, -6, 12]);
    assert.equal(Array.from(t1.gradient(g2, x)!.dataSync()), [6, 6, 6]);
  });
});

test("third order: tanh against the closed form −2(1−t²)(1−3t²) and central differences", () => {
  const xs = [-1.5, -0.3, 0.2, 0.9];
  tt.tidy(() => {
    const x = tt.tensor(xs);
    const t1 = new tt.GradientTape(), t2 = new tt.GradientTape(), t3 = new tt.GradientTape();
    const g3 = t1.record(() => {
      const g2 = t2.record(() => {
        const g1 = t3.record(() => { t3.watch(x); return tt.tanh(x); });
        return t3.gradient(g1, x)!;
      });
      return t2.gradient(g2, x)!;
    });
    const d3 = t1.gradient(g3, x)!.dataSync();
    xs.forEach((v, i) => {
      const t = Math.tanh(v);
      const want = -2 * (1 - t * t) * (1 - 3 * t * t);
      assert.ok(Math.abs(d3[i] - want) < 1e-5, `tanh''' at ${v}: ${d3[i]} vs ${want}`);
    });
  });
  checkGrad({ f: (a) => tt.tanh(a), inputs: [{ shape: [4], values: xs }], order: 3, rtol: 2e-2, atol: 2e-3 });
});

test("third order on a sample of rules: exp, sigmoid, div, matmul", () => {
  checkGrad({ f: (a) => tt.exp(a), inputs: [inp([3], -1, 1)], order: 3, rtol: 2e-2, atol: 2e-3 });
  checkGrad({ f: (a) => tt.sigmoid(a), inputs: [inp([3], -2, 2)], order: 3, rtol: 2e-2, atol: 2e-3 });
  checkGrad({ f: (a, b) => tt.div(a, b), inputs: [inp([3]), inp([3], 0.8, 1.6)], order: 3, rtol: 2e-2, atol: 2e-3 });
  checkGrad({ f: (a, b) => tt.matmul(a, b).square(), inputs: [inp([2, 3]), inp([3, 2])], order: 3, rtol: 2e-2, atol: 2e-3 });
});

test("third order through the nn rules: conv2d, maxPool, avgPool, softmaxCrossEntropy", () => {
  const o3 = { order: 3, rtol: 2e-2, atol: 2e-3 };
  checkGrad({ f: (x, w) => sq(conv(2, "same")(x, w)), inputs: [inp([1, 4, 3, 2]), inp([2, 2, 2, 2])], ...o3 });
  checkGrad({ f: (x) => tt.maxPool(x, 2, 1, "valid").square().mul(tt.maxPool(x, 2, 1, "valid")), inputs: [distinct([1, 3, 3, 2])], ...o3 });
  checkGrad({ f: (x) => tt.avgPool(x, 2, 1, "same").square().mul(tt.avgPool(x, 2, 1, "same")), inputs: [inp([1, 3, 3, 2])], ...o3 });
  checkGrad({ f: (z) => tt.softmaxCrossEntropy(tt.tensor([[0, 1, 0], [1, 0, 0]]), z), inputs: [inp([2, 3], -2, 2)], ...o3 });
});

test("third order on a sample of #12's elementwise rules: erf, atan2, asin, sinh", () => {
  const o3 = { order: 3, rtol: 2e-2, atol: 2e-3 };
  checkGrad({ f: (a) => tt.erf(a), inputs: [inp([3], -1.5, 1.5)], ...o3 });
  checkGrad({ f: (a, b) => tt.atan2(a, b), inputs: [away([3]), away([3])], ...o3 });
  checkGrad({ f: (a) => tt.asin(a), inputs: [inp([3], -0.7, 0.7)], ...o3 });
  checkGrad({ f: (a) => tt.sinh(a), inputs: [inp([3], -2, 2)], ...o3 });
});

test("third order on the scans: cumsum, cumprod", () => {
  const o3 = { order: 3, rtol: 2e-2, atol: 2e-3 };
  checkGrad({ f: (a) => tt.cumsum(a, 0, true, true).square().mul(a), inputs: [inp([5])], ...o3 });
  checkGrad({ f: (a) => tt.cumprod(a, 1, false, true), inputs: [away([2, 4], 0.5, 1.5)], ...o3 });
});

test("kinks and ties follow TensorFlow: relu'(0) = 0, max splits ties, maximum sends ties to a", () => {
  tt.tidy(() => {
    const x = tt.tensor([-1, 0, 2]);
    const t = new tt.GradientTape({ persistent: true });
    const [r, mx] = t.record(() => { t.watch(x); return [tt.relu(x), tt.maximum(x, 0)]; });
    assert.equal(Array.from(t.gradient(r, x)!.dataSync()), [0, 0, 1]);
    assert.equal(Array.from(t.gradient(mx, x)!.dataSync()), [0, 1, 1]);
    const y = tt.tensor([1, 3, 3]);
    const t2 = new tt.GradientTape();
    const mm = t2.record(() => { t2.watch(y); return tt.max(y); });
    assert.equal(Array.from(t2.gradient(mm, y)!.dataSync()), [0, 0.5, 0.5]);
    t.dispose();
  });
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
