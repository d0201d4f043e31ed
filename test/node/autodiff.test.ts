// The whole autodiff API: tape options and errors, variables, jacobians, forward mode, the functional layer.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const mem = () => leakFields(tt.memory());
const vals = (t: tt.Tensor | null | undefined) => (t == null ? null : Array.from(t.dataSync()));
const near = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => {
  assert.is(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `[${i}] ${a[i]} vs ${b[i]}`);
};
/** Run with console.warn captured. */
function warnings(fn: () => void): string[] {
  const seen: string[] = [], orig = console.warn;
  console.warn = (...a: unknown[]) => { seen.push(a.join(" ")); };
  try { fn(); } finally { console.warn = orig; }
  return seen;
}

// ---- GradientTape --------------------------------------------------------------------------------

test("reset() forgets what was recorded; recording continues", () => {
  tt.tidy(() => {
    const x = tt.scalar(3);
    const t = new tt.GradientTape({ persistent: true });
    const y = t.record(() => {
      t.watch(x);
      const early = x.square();
      t.reset();
      assert.is(t.gradient(early, x), null, "what came before reset() is gone");
      t.watch(x);
      return x.mul(x).mul(x);
    });
    assert.equal(vals(t.gradient(y, x)), [27]);
    t.dispose();
  });
});

test("targets and sources as nested arrays and objects; outputGradients mirror the targets", () => {
  tt.tidy(() => {
    const a = tt.scalar(2), b = tt.tensor([1, 3]);
    const t = new tt.GradientTape({ persistent: true });
    const [p, q] = t.record(() => { t.watch([a, b]); return [a.mul(b), b.square().sum()]; });
    const g = t.gradient([p, { q }], { a, nested: [b, { deep: a }] as const });
    assert.equal(vals(g.a), [4]);                 // d(a·b)/da = Σb
    assert.equal(vals(g.nested[0]), [2 + 2, 2 + 6]); // a + 2b
    assert.equal(vals(g.nested[1].deep), [4]);
    const s = t.gradient([p, q], [a, b], { outputGradients: [tt.tensor([1, 0]), tt.scalar(0)] });
    assert.equal(vals(s[0]), [1]);
    assert.equal(vals(s[1]), [2, 0]);
    assert.throws(() => t.gradient(p, a, { outputGradients: [tt.tensor([1, 0]), tt.scalar(1)] }), /outputGradients has 2 tensors for 1 targets/);
    assert.throws(() => t.gradient(p, [a, 3] as never), /sources\[1\] must be a Tensor/);
    assert.throws(() => t.gradient(null as never, a), /target should be a Tensor or a nested structure of Tensors to be differentiated, but received null/);
    t.dispose();
  });
});

test("an integer source is null, and watching one warns once", () => {
  tt.tidy(() => {
    const i = tt.tensor([1, 2], [2], "int32"), x = tt.tensor([1, 2]);
    const t = new tt.GradientTape();
    let w: string[] = [];
    const y = t.record(() => {
      w = warnings(() => { t.watch(i); t.watch(i); t.watch(x); });
      return x.mul(tt.cast(i, "float32")).sum();
    });
    assert.is(w.length, 1);
    assert.match(w[0], /must be floating \(float32\), got int32/);
    const [gi, gx] = t.gradient(y, [i, x]);
    assert.is(gi, null);
    assert.equal(vals(gx), [1, 2]);
  });
});

test("gradient() inside its own record: non-persistent stops recording; persistent records and warns once", () => {
  tt.tidy(() => {
    const x = tt.scalar(2);
    const t = new tt.GradientTape();
    t.record(() => {
      t.watch(x);
      const y = x.square();
      assert.equal(vals(t.gradient(y, x)), [4]);
      assert.is(t.isRecording, false, "the non-persistent tape stopped recording");
      x.exp();
    });
    const p = new tt.GradientTape({ persistent: true });
    const w = warnings(() => p.record(() => {
      p.watch(x);
      const y = x.square();
      p.gradient(y, x);
      p.gradient(y, x);
      assert.is(p.isRecording, true);
    }));
    assert.is(w.length <= 1, true);
    p.dispose();
  });
});

test("jacobian: shape target ++ source, values, unconnected; the one use of a non-persistent tape", () => {
  tt.tidy(() => {
    const x = tt.tensor([1, 2, 3]), u = tt.scalar(1);
    const t = new tt.GradientTape();
    const y = t.record(() => { t.watch([x, u]); return tt.stack([x.square().sum(), x.mul(tt.tensor([1, 0, -1])).sum()]); });
    const [jx, ju] = t.jacobian(y, [x, u]);
    assert.equal(jx!.shape, [2, 3]);
    assert.equal(jx!.arraySync(), [[2, 4, 6], [1, 0, -1]]);
    assert.is(ju, null);
    assert.throws(() => t.gradient(y, x), /can only be used to compute one set of gradients \(or jacobians\)/);
    // matrix-valued target, zeros for unconnected
    const a = tt.tensor([[1, 2], [3, 4]]);
    const t2 = new tt.GradientTape({ persistent: true });
    const m = t2.record(() => { t2.watch([a, u]); return a.mul(a); });
    const j = t2.jacobian(m, a)!;
    assert.equal(j.shape, [2, 2, 2, 2]);
    assert.equal(Array.from(j.dataSync()), [2, 0, 0, 0, 0, 4, 0, 0, 0, 0, 6, 0, 0, 0, 0, 8]);
    assert.equal(vals(t2.jacobian(m, u, { unconnectedGradients: "zero" })), [0, 0, 0, 0]);
    t2.dispose();
  });
});

test("batchJacobian: per-example Jacobians [b, …t, …s]; mismatched first dimensions throw", () => {
  tt.tidy(() => {
    const x = tt.tensor([[1, 2], [3, 4], [5, 6]]);
    const W = tt.tensor([[1, 0, 2], [0, 1, -1]]);
    const t = new tt.GradientTape({ persistent: true });
    const y = t.record(() => { t.watch(x); return tt.matmul(x, W).square(); }); // [3, 3]
    const bj = t.batchJacobian(y, x)!;
    assert.equal(bj.shape, [3, 3, 2]);
    // d(y_bj)/d(x_bk) = 2 (xW)_bj W_kj
    const xw = tt.matmul(x, W).arraySync() as number[][], w = W.arraySync() as number[][];
    const want: number[] = [];
    for (let b = 0; b < 3; b++) for (let j = 0; j < 3; j++) for (let k = 0; k < 2; k++) want.push(2 * xw[b][j] * w[k][j]);
    near(bj.dataSync(), want);
    assert.throws(() => t.batchJacobian(y, tt.ones([2, 2])), (e: Error) => e instanceof tt.ShapeError && /first dimension of target shape \[3,3\] and source shape \[2,2\] to match/.test(e.message));
    t.dispose();
  });
});

test("watchAccessedVariables: false ignores variable reads; explicit watch still works", () => {
  const v = tt.variable(3);
  tt.tidy(() => {
    const t = new tt.GradientTape({ watchAccessedVariables: false });
    const y = t.record(() => v.square());
    assert.is(t.gradient(y, v), null);
    const t2 = new tt.GradientTape({ watchAccessedVariables: false });
    const y2 = t2.record(() => { t2.watch(v); return v.square(); });
    assert.equal(vals(t2.gradient(y2, v)), [6]);
  });
  v.dispose();
});

// ---- Variables ------------------------------------------------------------------------------------

test("variables: auto-watched on every recording tape; watchedVariables in creation order; non-trainable ignored", () => {
  const a = tt.variable(2, { name: "a" }), b = tt.variable([1, 2]), c = tt.variable(5, { trainable: false });
  tt.tidy(() => {
    const outer = new tt.GradientTape(), inner = new tt.GradientTape({ persistent: true });
    const d1 = outer.record(() => {
      const y = inner.record(() => a.mul(a).mul(a).add(b.sum()).add(c));  // only reads, no watch()
      assert.equal(inner.watchedVariables().map((v) => v.name), ["a", b.name]);
      const g = inner.gradient(y, [a, b, c]);
      assert.equal(vals(g[1]), [1, 1]);
      assert.is(g[2], null, "non-trainable variables are not watched");
      return g[0]!;                                  // 3a² = 12, recorded on outer
    });
    assert.equal(vals(d1), [12]);
    assert.equal(vals(outer.gradient(d1, a)), [12]); // 6a
    inner.dispose();
  });
  assert.is(a.name, "a");
  tt.dispose([a, b, c]);
});

test("variables: assign family and lifetimes", () => {
  const before = mem();
  const init = tt.tensor([1, 2]);
  const v = tt.variable(init);
  init.dispose(); // the variable holds its own reference
  const t = new tt.GradientTape();
  const y = t.record(() => tt.tidy(() => v.square().sum()));
  tt.tidy(() => { v.assign(tt.tensor([10, 20])).assignAdd([1, 1]).assignSub(tt.tensor([0.5, 0.5])); });
  assert.equal(vals(v), [10.5, 20.5]);
  const g = t.gradient(y, v)!;
  assert.equal(vals(g), [2, 4], "the gradient uses the value the tape saw");
  tt.tidy(() => {
    assert.throws(() => v.assign(tt.tensor([1, 2, 3])), (e: Error) => e instanceof tt.ShapeError && /Variable.assign: shape of the new value \[3\] and previous value \[2\]/.test(e.message));
    assert.throws(() => v.assign(tt.tensor([1, 2], [2], "int32")), (e: Error) => e instanceof tt.DTypeError && /dtype of the new value \(int32\) and previous value \(float32\)/.test(e.message));
  });
  let w: tt.Variable | null = null;
  tt.tidy(() => { w = tt.variable(tt.zeros([3])); });
  assert.is(w!.isDisposed, false, "tidy does not dispose variables");
  tt.dispose([v, y, g, w]);
  assert.equal(mem(), before);
});

// ---- forward mode -----------------------------------------------------------------------------------

test("ForwardAccumulator: J·v for elementwise, broadcasting, reductions and matmul", () => {
  tt.tidy(() => {
    const x = tt.tensor([0.5, -1, 2]), v = tt.tensor([1, 2, -1]);
    const acc = new tt.ForwardAccumulator(x, v);
    const [y, s, m] = acc.record(() => [x.tanh().mul(x), x.exp().sum(), tt.matmul(x.reshape([1, 3]), tt.ones([3, 2]))]);
    const xs = [0.5, -1, 2], vs = [1, 2, -1];
    near(acc.jvp(y)!.dataSync(), xs.map((a, i) => (Math.tanh(a) + a * (1 - Math.tanh(a) ** 2)) * vs[i]));
    near(acc.jvp(s)!.dataSync(), [xs.reduce((p, a, i) => p + Math.exp(a) * vs[i], 0)]);
    near(acc.jvp(m)!.dataSync(), [2, 2]);
    assert.is(acc.jvp(tt.ones([2])), null);
    assert.equal(vals(acc.jvp(tt.ones([2]), { unconnectedGradients: "zero" })), [0, 0]);
    acc.dispose();
  });
});

test("forward-over-reverse Hessian-vector product equals reverse-over-reverse", () => {
  tt.tidy(() => {
    const x = tt.tensor([0.3, -0.7, 1.1]), v = tt.tensor([1, -2, 0.5]);
    const f = (z: tt.Tensor) => z.tanh().mul(z.square()).sum().add(z.slice(0, 1).mul(z.slice(2, 1)).sum());
    // forward over reverse
    const acc = new tt.ForwardAccumulator(x, v);
    const g = acc.record(() => {
      const t = new tt.GradientTape();
      const y = t.record(() => { t.watch(x); return f(x); });
      return t.gradient(y, x)!;
    });
    const hvpF = acc.jvp(g)!;
    // reverse over reverse: d/dx <∇f(x), v>
    const outer = new tt.GradientTape();
    const gv = outer.record(() => {
      const t = new tt.GradientTape();
      const y = t.record(() => { t.watch(x); return f(x); });
      return t.gradient(y, x)!.mul(v).sum();
    });
    const hvpR = outer.gradient(gv, x)!;
    near(hvpF.dataSync(), hvpR.dataSync(), 1e-5);
    acc.dispose();
  });
});

test("reverse-over-forward and forward-over-forward give second derivatives", () => {
  tt.tidy(() => {
    const x = tt.scalar(0.4);
    // d/dx (d/dx sin-free f)(x) with f = x·eˣ: f'' = (x + 2)eˣ
    const t = new tt.GradientTape();
    const d1 = t.record(() => {
      t.watch(x);
      const acc = new tt.ForwardAccumulator(x, tt.scalar(1));
      const y = acc.record(() => x.mul(x.exp()));
      const j = acc.jvp(y)!;
      acc.dispose();
      return j;
    });
    near(d1.dataSync(), [1.4 * Math.exp(0.4)]);
    near(t.gradient(d1, x)!.dataSync(), [2.4 * Math.exp(0.4)]);
    // nested accumulators
    const outer = new tt.ForwardAccumulator(x, tt.scalar(1));
    const j1 = outer.record(() => {
      const inner = new tt.ForwardAccumulator(x, tt.scalar(1));
      const y = inner.record(() => x.mul(x.exp()));
      const j = inner.jvp(y)!;
      inner.dispose();
      return j;
    });
    near(outer.jvp(j1)!.dataSync(), [2.4 * Math.exp(0.4)]);
    outer.dispose();
  });
});

test("ForwardAccumulator errors: duplicate primal, mismatched tangent, re-entry", () => {
  tt.tidy(() => {
    const x = tt.tensor([1, 2]);
    assert.throws(() => new tt.ForwardAccumulator([x, x], [x, x]), /was specified as a primal multiple times/);
    assert.throws(() => new tt.ForwardAccumulator(x, tt.ones([3])), (e: Error) => e instanceof tt.ShapeError && /tangent 0 \(float32 \[3\]\) must be a float32 tensor of its primal's shape/.test(e.message));
    const acc = new tt.ForwardAccumulator(x, x);
    assert.throws(() => acc.record(() => acc.record(() => 1)), /already recording/);
    acc.dispose();
    assert.throws(() => acc.jvp(x), (e: Error) => e instanceof tt.DisposedError);
  });
});

// ---- functional layer ---------------------------------------------------------------------------------

test("grad: default argnums 0, an array of argnums, JS numbers as arguments, zeros when unconnected", () => {
  tt.tidy(() => {
    const f = (a: tt.Tensor, b: tt.Tensor) => a.mul(b).add(a.square()).sum();
    const a = tt.tensor([1, 2]), b = tt.tensor([3, 4]);
    assert.equal(vals(tt.grad(f)(a, b)), [5, 8]);
    const [ga, gb] = tt.grad(f, { argnums: [0, 1] })(a, b);
    assert.equal(vals(ga), [5, 8]);
    assert.equal(vals(gb), [1, 2]);
    assert.equal(vals(tt.grad((x: tt.Tensor) => x.mul(x))(3)), [6]);
    assert.equal(vals(tt.grad((x: tt.Tensor, y: tt.Tensor) => y.sum(), { argnums: 0 })(a, b)), [0, 0]);
    assert.throws(() => tt.grad(f, { argnums: 2 })(a, b), /argnums 2 is out of range for 2 argument/);
    assert.throws(() => tt.grad((() => undefined) as never)(a), /must return a Tensor, got undefined \(did you forget to return a value\?\)/);
  });
});

test("grad(grad(grad(f))) gives the third derivative; valueAndGrad with hasAux", () => {
  tt.tidy(() => {
    const f = (x: tt.Tensor) => x.mul(x).mul(x).add(x.sigmoid());
    const d3 = tt.grad(tt.grad(tt.grad(f)))(tt.scalar(0.5));
    const s = 1 / (1 + Math.exp(-0.5));
    near(d3.dataSync(), [6 + s * (1 - s) * (1 - 6 * s + 6 * s * s)]);
    const r = tt.valueAndGrad((x: tt.Tensor) => { const y = x.square().sum(); return [y, { doubled: y.mul(2) }]; }, { hasAux: true })(tt.tensor([1, 2]));
    assert.equal(vals(r.value), [5]);
    assert.equal(vals(r.grads), [2, 4]);
    assert.equal(vals((r.aux as { doubled: tt.Tensor }).doubled), [10]);
    const r2 = tt.valueAndGrad((x: tt.Tensor, y: tt.Tensor) => x.mul(y).sum(), { argnums: [1] })(tt.tensor([2]), tt.tensor([5]));
    assert.equal(vals(r2.value), [10]);
    assert.equal(vals(r2.grads[0]), [2]);
  });
});

test("hessian of a small function against the analytic one", () => {
  tt.tidy(() => {
    // f(x) = Σ x³ + x0·x1  →  H = diag(6x) + [[0,1,0],[1,0,0],[0,0,0]]
    const f = (x: tt.Tensor) => x.pow(3).sum().add(x.slice(0, 1).mul(x.slice(1, 1)).sum());
    const h = tt.hessian(f)(tt.tensor([1, 2, 3]));
    assert.equal(h.shape, [3, 3]);
    near(h.dataSync(), [6, 1, 0, 1, 12, 0, 0, 0, 18]);
    const h2 = tt.hessian((x: tt.Tensor) => x.matmul(x.transpose()).sum())(tt.tensor([[1, 2], [3, 4]]));
    assert.equal(h2.shape, [2, 2, 2, 2]);
  });
});

test("customGradient: the gradient is gradFunc's, and second order differentiates gradFunc", () => {
  tt.tidy(() => {
    // value x², gradient deliberately 10·x·dy (not 2x): d/dx = 10x, d²/dx² = 10
    const weird = tt.customGradient((x) => ({ value: x.square(), gradFunc: (dy, [xi]) => dy.mul(xi).mul(10) }));
    const x = tt.scalar(3);
    assert.equal(vals(weird(x)), [9]);
    assert.equal(vals(tt.grad((z: tt.Tensor) => weird(z))(x)), [30]);
    assert.equal(vals(tt.grad(tt.grad((z: tt.Tensor) => weird(z)))(x)), [10]);
    // gradFunc closing over a tensor f made: it stays alive until the tape is done
    const scaled = tt.customGradient((z) => { const k = z.mul(0).add(2); return { value: z.mul(k), gradFunc: (dy) => dy.mul(k) }; });
    const t = new tt.GradientTape();
    const y = t.record(() => { t.watch(x); return tt.tidy(() => scaled(x)); });
    assert.equal(vals(t.gradient(y, x)), [2]);
    const bad = tt.customGradient((z) => ({ value: z, gradFunc: () => [z, z] }));
    assert.throws(() => tt.grad((z: tt.Tensor) => bad(z))(x), /gradFunc must return one gradient \(a Tensor or null\) per input: 1 input\(s\), got 2 value\(s\)/);
  });
});

test("stopGradient blocks the gradient and leaves values alone", () => {
  tt.tidy(() => {
    const x = tt.scalar(3);
    const g = tt.grad((z: tt.Tensor) => z.mul(tt.stopGradient(z)))(x);
    assert.equal(vals(g), [3]);
    assert.equal(vals(tt.stopGradient(x)), [3]);
  });
});

test("exact memory deltas: grad, grad(grad), jacobian, a persistent tape after dispose, ForwardAccumulator", () => {
  const x = tt.tensor([0.2, 0.4, 0.6]);
  let before = mem();
  const g = tt.grad((z: tt.Tensor) => z.tanh().sum())(x);
  assert.is(mem().numTensors, before.numTensors + 1); assert.is(mem().numBuffers, before.numBuffers + 1);
  const gg = tt.grad(tt.grad((z: tt.Tensor) => z.tanh().sum()))(x);
  assert.is(mem().numTensors, before.numTensors + 2); assert.is(mem().numBuffers, before.numBuffers + 2);
  tt.dispose([g, gg]);
  assert.equal(mem(), before);
  const t = new tt.GradientTape();
  const y = t.record(() => { t.watch(x); return tt.tidy(() => x.exp().mul(2)); });
  const j = t.jacobian(y, x)!;
  assert.is(mem().numTensors, before.numTensors + 2); assert.is(mem().numBuffers, before.numBuffers + 2);
  tt.dispose([y, j]);
  assert.equal(mem(), before);
  const p = new tt.GradientTape({ persistent: true });
  const z = p.record(() => { p.watch(x); return tt.tidy(() => x.sigmoid().square().sum()); });
  tt.dispose([p.gradient(z, x), p.gradient(z, x), z]);
  assert.ok(mem().numBuffers > before.numBuffers);
  p.dispose();
  assert.equal(mem(), before);
  before = mem();
  const v = tt.ones([3]);
  const acc = new tt.ForwardAccumulator(x, v);
  v.dispose(); // the accumulator holds its own reference to the tangent
  const w = acc.record(() => tt.tidy(() => x.exp().sum()));
  const jv = acc.jvp(w)!;
  assert.is(mem().numTensors, before.numTensors + 2, "w and jv");
  // buffers: w, w's tangent (jv shares it), exp(x)'s tangent and the input tangent. The accumulator keeps
  // the tangent of every value computed inside record() until dispose(): a tape recording inside it may
  // later replay values the user has already freed (forward-over-reverse).
  assert.is(mem().numBuffers, before.numBuffers + 4);
  acc.dispose();
  tt.dispose([w, jv]);
  assert.equal(mem(), before);
  x.dispose();
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
