// customGradient with several outputs and with captured trainable variables (TF's custom_gradient cases), and
// batchJacobian's rank-2 source.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { assertClose } from "../helpers/check.js";
import { badInputTests, type BadRow } from "../helpers/bad.js";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const vals = (t: tt.Tensor | null) => Array.from(t!.dataSync());

test("several outputs: dy is an array, one per output, zeros for an unused one", () => {
  tt.tidy(() => {
    const seen: number[][][] = [];
    const two = tt.customGradient((x) => ({
      value: [x.mul(2), x.mul(3)],
      gradFunc: (dys: tt.Tensor[], [xi]) => { seen.push(dys.map((d) => vals(d))); assert.equal(xi.shape, [2]); return dys[0].mul(2).add(dys[1].mul(3)); },
    }));
    const x = tt.tensor([1, 2]);
    const [a, b] = two(x);
    assert.equal([vals(a), vals(b)], [[2, 4], [3, 6]]);
    assert.equal(vals(tt.grad((v: tt.Tensor) => { const [p, q] = two(v); return p.add(q).sum(); })(x)), [5, 5]);
    assert.equal(vals(tt.grad((v: tt.Tensor) => two(v)[1].sum())(x)), [3, 3]);
    assert.equal(seen[1], [[0, 0], [1, 1]], "the unused output's dy is zeros");
  });
});

test("several outputs: second order through gradFunc, and forward mode agrees", () => {
  tt.tidy(() => {
    // value [x², x³] with the true gradient 2x·dy₁ + 3x²·dy₂
    const f = tt.customGradient((x) => ({ value: [x.square(), x.pow(3)], gradFunc: ([d1, d2]: tt.Tensor[], [xi]) => d1.mul(xi).mul(2).add(d2.mul(xi.square()).mul(3)) }));
    const x = tt.tensor([0.5, -1.5]);
    const d2 = tt.grad((v: tt.Tensor) => tt.grad((w: tt.Tensor) => { const [p, q] = f(w); return p.add(q).sum(); })(v).sum())(x);
    assertClose(vals(d2), [2 + 6 * 0.5, 2 - 6 * 1.5], 1e-5, 1e-5, "d²/dx²");
    const acc = new tt.ForwardAccumulator(x, tt.tensor([1, 2]));
    const y = acc.record(() => f(x)[1]);
    assertClose(vals(acc.jvp(y)), [3 * 0.25, 3 * 2.25 * 2], 1e-5, 1e-5, "jvp");
    acc.dispose();
  });
});

test("captured variables: gradFunc gets them in reading order and returns { inputs, variables }; the tape gets theirs", () => {
  const w = tt.variable([[1, 2, 3], [4, 5, 6]], { name: "w" });
  const b = tt.variable([0.5, 0.5, 0.5], { name: "b" });
  const frozen = tt.variable([1, 1, 1], { trainable: false });
  try {
    tt.tidy(() => {
      let names: string[] = [];
      // TF's testCustomGradientWithVariables: a dense layer whose variable gradient is replaced by ones
      const dense = tt.customGradient((x) => ({
        value: x.matmul(w).add(b).mul(frozen),
        gradFunc: (dy, [xi], variables) => {
          names = variables.map((v) => v.name);
          return { inputs: [dy.matmul(w, { transposeB: true })], variables: [tt.onesLike(w), dy.sum(0)] };
        },
      }));
      const x = tt.tensor([[1, 0], [0, 1]]);
      const tape = new tt.GradientTape();
      const y = tape.record(() => { tape.watch(x); return dense(x).sum(); });
      const [gx, gw, gb] = tape.gradient(y, [x, w, b]);
      assert.equal(names, ["w", "b"], "trainable variables only, in reading order");
      assert.equal(gx!.arraySync(), [[6, 15], [6, 15]]);
      assert.equal(gw!.arraySync(), [[1, 1, 1], [1, 1, 1]]);
      assert.equal(gb!.arraySync(), [2, 2, 2]);
      // a variable passed as an input is an input: gradFunc returns one gradient per input, variables is empty
      const scale = tt.customGradient((x, v) => ({ value: x.mul(v), gradFunc: (dy, [xi, vi], vars) => { assert.equal(vars.length, 0); return [dy.mul(vi), dy.mul(xi)]; } }));
      const t2 = new tt.GradientTape();
      const z = t2.record(() => { t2.watch(x); return scale(x, b.slice(0, 2)).sum(); });
      assert.equal(t2.gradient(z, [x])[0]!.arraySync(), [[0.5, 0.5], [0.5, 0.5]]);
    });
  } finally {
    w.dispose(); b.dispose(); frozen.dispose();
  }
});

test("captured variables: second order differentiates gradFunc with respect to the variable", () => {
  const w = tt.variable([2, -1]);
  try {
    tt.tidy(() => {
      // y = Σ x·w², with the true gradients dy·w² (x) and 2·dy·x·w (w)
      const f = tt.customGradient((x) => ({ value: x.mul(w.square()), gradFunc: (dy, [xi], [v]) => ({ inputs: [dy.mul(v.square())], variables: [dy.mul(xi).mul(v).mul(2)] }) }));
      const x = tt.tensor([3, 4]);
      const outer = new tt.GradientTape(), inner = new tt.GradientTape();
      const gw = outer.record(() => inner.gradient(inner.record(() => f(x).sum()), w)!.sum());
      assert.equal(vals(outer.gradient(gw, w)), [6, 8], "d/dw Σ 2·x·w = 2x");
    });
  } finally {
    w.dispose();
  }
});

const bad: BadRow[] = [
  ["gradFunc returns a plain list though f read a variable", () => {
    const v = tt.variable([1, 2]);
    try { const f = tt.customGradient((x) => ({ value: x.mul(v), gradFunc: (dy) => dy })); tt.grad((x: tt.Tensor) => f(x).sum())(tt.ones([2])); } finally { v.dispose(); }
  }, tt.ArgumentError, /customGradient: f read 1 trainable variable\(s\) \(Variable_\d+\); gradFunc must return \{ inputs, variables \}/],
  ["{ inputs, variables } with a missing variable gradient", () => {
    const v = tt.variable([1, 2]);
    try { const f = tt.customGradient((x) => ({ value: x.mul(v), gradFunc: (dy) => ({ inputs: [dy], variables: [] }) })); tt.grad((x: tt.Tensor) => f(x).sum())(tt.ones([2])); } finally { v.dispose(); }
  }, tt.ArgumentError, /customGradient: gradFunc's \{ inputs, variables \} must hold one gradient \(a Tensor or null\) per input \(1\) and per variable f read \(1\)/],
  ["an empty array value", () => tt.customGradient(() => ({ value: [] as tt.Tensor[], gradFunc: () => [] }))(tt.ones([1])), tt.ArgumentError, /customGradient: f must return \{ value: Tensor, gradFunc: \(dy, inputs, variables\) => gradients \} \(value may be a non-empty array of Tensors\)/],
  ["batchJacobian with a rank-1 source", () => { const t = new tt.GradientTape(); const x = tt.ones([3]); const y = t.record(() => { t.watch(x); return x.square(); }); try { t.batchJacobian(y, x); } finally { t.dispose(); } }, tt.ShapeError, /GradientTape.batchJacobian: need first dimension of source shape \[3\] to be the batch dimension of a source of rank >= 2/],
];
badInputTests(test, bad);

test("batchJacobian of a rank-2 source still works", () => {
  tt.tidy(() => {
    const t = new tt.GradientTape(), x = tt.tensor([[1, 2], [3, 4]]);
    const y = t.record(() => { t.watch(x); return x.square(); });
    assert.equal(t.batchJacobian(y, x)!.arraySync(), [[[2, 0], [0, 4]], [[6, 0], [0, 8]]]);
  });
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
