// Optimizers step by step against tfjs's tf.train (a quadratic and a small MLP), AdamW against a float64 PyTorch rule,
// lifetimes (1,000 steps flat, dispose), checkpoints resumed bit for bit, and bad arguments.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-cpu";
import { rng, uniform } from "../helpers/check.js";
import { leakFields, tt } from "../helpers/setup.js";
import type { Tensor, Variable } from "tensortape";

await tf.setBackend("cpu");
const baseline = leakFields(tt.memory());
const rand = rng(1313);

type Pair = { ours: () => tt.Optimizer; theirs: () => tf.Optimizer };
const configs: Record<string, Pair> = {
  sgd: { ours: () => tt.optimizers.sgd(0.1), theirs: () => tf.train.sgd(0.1) },
  momentum: { ours: () => tt.optimizers.momentum(0.05, 0.9), theirs: () => tf.train.momentum(0.05, 0.9) },
  nesterov: { ours: () => tt.optimizers.momentum(0.05, 0.9, true), theirs: () => tf.train.momentum(0.05, 0.9, true) },
  adam: { ours: () => tt.optimizers.adam(0.05), theirs: () => tf.train.adam(0.05) },
  adamax: { ours: () => tt.optimizers.adamax(0.05, 0.9, 0.99, 1e-7, 0.01), theirs: () => tf.train.adamax(0.05, 0.9, 0.99, 1e-7, 0.01) },
  rmsprop: { ours: () => tt.optimizers.rmsprop(0.01), theirs: () => tf.train.rmsprop(0.01) },
  "rmsprop momentum": { ours: () => tt.optimizers.rmsprop(0.01, 0.8, 0.5), theirs: () => tf.train.rmsprop(0.01, 0.8, 0.5) },
  // centered: tfjs computes √(ms − (mg² + ε)), we follow TF's √(ms − mg² + ε): tfjs with −ε is TF's formula
  "rmsprop centered": { ours: () => tt.optimizers.rmsprop(0.01, 0.9, 0.3, 1e-7, true), theirs: () => tf.train.rmsprop(0.01, 0.9, 0.3, -1e-7, true) },
  adagrad: { ours: () => tt.optimizers.adagrad(0.1), theirs: () => tf.train.adagrad(0.1) },
  adadelta: { ours: () => tt.optimizers.adadelta(1, 0.9), theirs: () => tf.train.adadelta(1, 0.9) },
};

/** The problems: initial values, and the loss written once for both libraries (tt and tf share the op names). */
const quadA = uniform(rand, 6, 0.5, 2), quadC = uniform(rand, 6, -1, 1);
const mlpInit = { w1: uniform(rand, 12, -1, 1), b1: uniform(rand, 4, -0.1, 0.1), w2: uniform(rand, 8, -1, 1), b2: uniform(rand, 2, -0.1, 0.1) };
const X = uniform(rand, 15, -1, 1), Y = uniform(rand, 10, -1, 1);
const problems: Record<string, { init: Record<string, [number[], number[]]>; loss: (lib: any, p: Record<string, any>, c: Record<string, any>) => any }> = {
  quadratic: {
    init: { x: [uniform(rand, 6, -2, 2), [6]] },
    loss: (L, p) => L.sum(L.mul(L.tensor(quadA, [6]), L.square(L.sub(p.x, L.tensor(quadC, [6]))))),
  },
  mlp: {
    init: { w1: [mlpInit.w1, [3, 4]], b1: [mlpInit.b1, [4]], w2: [mlpInit.w2, [4, 2]], b2: [mlpInit.b2, [2]] },
    loss: (L, p) => {
      const h = L.tanh(L.add(L.matmul(L.tensor(X, [5, 3]), p.w1), p.b1));
      return L.mean(L.square(L.sub(L.add(L.matmul(h, p.w2), p.b2), L.tensor(Y, [5, 2]))));
    },
  },
};

/**
 * Largest |ours − theirs| / (|theirs| + 1e-3) over every parameter after each of 20 steps. `sameGrads`: both apply
 * tfjs's gradient at tfjs's weights (only the update rules differ); else each library minimizes its own loss.
 */
function deviation(name: string, pair: Pair, prob: string, sameGrads = false): number {
  const { init, loss } = problems[prob];
  const lib = (L: any) => ({ tensor: (v: number[], s: number[]) => L.tensor(v, s), sum: L.sum, mean: L.mean, mul: L.mul, sub: L.sub,
    add: L.add, square: L.square, tanh: L.tanh, matmul: (a: any, b: any) => (L.matMul ?? L.matmul)(a, b) });
  const ttLib = lib(tt), tfLib = lib(tf);
  const ours: Record<string, Variable> = {}, theirs: Record<string, tf.Variable> = {};
  for (const [k, [v, s]] of Object.entries(init)) { ours[k] = tt.tidy(() => tt.variable(tt.tensor(v, s), { name: `${name}.${prob}.${k}` })); theirs[k] = tf.variable(tf.tensor(v, s)); }
  const a = pair.ours(), b = pair.theirs();
  let worst = 0;
  for (let step = 0; step < 20; step++) {
    if (sameGrads) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => loss(tfLib, theirs, {}) as tf.Scalar, Object.values(theirs));
        const named: Record<string, Tensor> = {};
        for (const [k, v] of Object.entries(theirs)) named[k] = tt.tensor(grads[v.name].dataSync(), v.shape);
        a.applyGradients(ours, named);
        tt.dispose(named);
        b.applyGradients(grads);
      });
    } else {
      a.minimize(() => loss(ttLib, ours, {})).dispose();
      tf.tidy(() => { b.minimize(() => loss(tfLib, theirs, {}) as tf.Scalar); });
    }
    for (const k of Object.keys(init)) {
      const x = ours[k].dataSync(), y = theirs[k].dataSync();
      for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / (Math.abs(y[i]) + 1e-3));
    }
  }
  a.dispose(); b.dispose();
  tt.dispose(Object.values(ours)); tf.dispose(Object.values(theirs));
  return worst;
}

const report: string[] = [];
for (const [name, pair] of Object.entries(configs)) {
  test(`${name}: 20 steps match tfjs's tf.train on a quadratic and a small MLP`, () => {
    const q = deviation(name, pair, "quadratic"), m = deviation(name, pair, "mlp", true), full = deviation(name, pair, "mlp");
    report.push(`${name}: quadratic ${q.toExponential(2)}, mlp (same gradients) ${m.toExponential(2)}, mlp (own gradients) ${full.toExponential(2)}`);
    assert.ok(q < 1e-5, `${name} on the quadratic: largest relative deviation from tfjs ${q}`);
    assert.ok(m < 1e-5, `${name} on the MLP with tfjs's gradients: largest relative deviation from tfjs ${m}`);
    // each library's own MLP gradients differ by float32 rounding (matmul order, tanh), which adaptive rules amplify
    assert.ok(full < 1e-3, `${name} on the MLP: largest relative deviation from tfjs ${full}`);
  });
}

test("adamw: 20 steps match a float64 PyTorch AdamW on a quadratic (decoupled weight decay)", () => {
  const a = uniform(rand, 8, 0.5, 2), c = uniform(rand, 8, -1, 1), x0 = uniform(rand, 8, -2, 2).map(Math.fround);
  const lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.1;
  // torch.optim.AdamW, float64: p ← p(1 − lr·wd); m, v; p ← p − lr/(1−b1ᵗ) · m / (√v/√(1−b2ᵗ) + eps)
  const p = x0.slice(), m = p.map(() => 0), v = p.map(() => 0);
  const x = tt.variable(x0, { name: "adamw.x" });
  const opt = tt.optimizers.adamw(lr, b1, b2, eps, wd);
  const at = tt.tensor(a), ct = tt.tensor(c);
  let worst = 0;
  for (let t = 1; t <= 20; t++) {
    opt.minimize(() => tt.mul(at, tt.square(tt.sub(x, ct))).sum().mul(0.5)).dispose();
    for (let i = 0; i < p.length; i++) {
      const g = a[i] * (p[i] - c[i]);
      p[i] *= 1 - lr * wd;
      m[i] = b1 * m[i] + (1 - b1) * g; v[i] = b2 * v[i] + (1 - b2) * g * g;
      p[i] -= (lr / (1 - b1 ** t)) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - b2 ** t) + eps);
    }
    const got = x.dataSync();
    for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(got[i] - p[i]) / (Math.abs(p[i]) + 1e-3));
  }
  report.push(`adamw quadratic (float64 PyTorch rule): ${worst.toExponential(2)}`);
  assert.ok(worst < 1e-5, `adamw: largest relative deviation ${worst}`);
  tt.dispose([x, at, ct]); opt.dispose();
});

test("centered rmsprop stays finite for a constant gradient (TF's √(ms − mg² + ε), where tfjs gives NaN)", () => {
  const x = tt.variable([1, 2], { name: "centered.x" });
  const opt = tt.optimizers.rmsprop(0.01, 0.9, 0, 1e-7, true);
  for (let i = 0; i < 30; i++) tt.tidy(() => opt.applyGradients([x], [tt.tensor([0.5, 0.5])]));
  assert.ok(Array.from(x.dataSync()).every(Number.isFinite));
  // closed form after one step from zero state: ms = 0.1g², mg = 0.1g, den = √(0.1g² − 0.01g² + ε) = √(0.09·0.25 + 1e-7)
  tt.dispose(x); opt.dispose();
});

test("1,000 minimize steps leave memory() flat; dispose() frees the slots", () => {
  const w = tt.variable([[0.5, -0.3], [0.2, 0.1]], { name: "flat.w" });
  const b = tt.variable([0.1, 0.2], { name: "flat.b" });
  const xs = tt.tensor([[1, 2], [3, 4], [5, 6]]);
  const before = leakFields(tt.memory());
  const opt = tt.optimizers.adam(0.01);
  opt.minimize(() => xs.matmul(w).add(b).square().mean()).dispose();
  const afterFirst = leakFields(tt.memory());
  assert.equal(afterFirst.numTensors - before.numTensors, 4, "two slots for each of two variables");
  for (let i = 0; i < 1000; i++) opt.minimize(() => xs.matmul(w).add(b).square().mean()).dispose();
  assert.equal(leakFields(tt.memory()), afterFirst);
  assert.is(opt.iterations, 1001);
  opt.dispose();
  assert.equal(leakFields(tt.memory()), before);
  assert.throws(() => opt.minimize(() => w.sum()), /disposed/);
  tt.dispose([w, b, xs]);
});

test("minimize: tfjs's (f, returnCost, varList) form, a throwing loss frees everything, varList as a tree", () => {
  const w = tt.variable([1, 2], { name: "min.w" }), u = tt.variable([3], { name: "min.u" });
  const opt = tt.optimizers.sgd(0.5);
  const before = leakFields(tt.memory());
  assert.is(opt.minimize(() => w.square().sum(), false), null);
  assert.equal(Array.from(w.dataSync()), [0, 0]);
  assert.throws(() => opt.minimize(() => { w.mul(2).add(1); throw new Error("boom"); }), /boom/);
  assert.equal(leakFields(tt.memory()), before);
  const loss = opt.minimize(() => w.add(1).square().sum().add(u.square().sum()), { only: [u] })!;
  assert.is(loss.dataSync()[0], 2 + 9);
  assert.equal(Array.from(u.dataSync()), [0]);              // 3 − 0.5·6
  assert.equal(Array.from(w.dataSync()), [0, 0]);           // not in varList
  loss.dispose();
  assert.throws(() => opt.minimize(() => w.square()), (e: Error) => e instanceof tt.ShapeError && /scalar/.test(e.message));
  assert.throws(() => opt.minimize(() => 3 as unknown as Tensor), (e: Error) => e instanceof tt.ArgumentError);
  assert.equal(leakFields(tt.memory()), before);
  tt.dispose([w, u]); opt.dispose();
});

test("applyGradients over trees: null skips, non-Variables and mismatched structures are ArgumentErrors", () => {
  const p = { w: tt.variable([1, 1], { name: "ag.w" }), b: [tt.variable(2, { name: "ag.b" })] };
  const opt = tt.optimizers.sgd(1);
  const g = { w: tt.tensor([0.5, 0.25]), b: [null] };
  opt.applyGradients(p, g);
  assert.equal(Array.from(p.w.dataSync()), [0.5, 0.75]);
  assert.equal(Array.from(p.b[0].dataSync()), [2]);
  assert.throws(() => opt.applyGradients({ w: g.w }, { w: g.w }), (e: Error) => e instanceof tt.ArgumentError && /must be a Variable/.test(e.message));
  assert.throws(() => opt.applyGradients(p, { w: g.w }), (e: Error) => e instanceof tt.ArgumentError && /differ in structure/.test(e.message));
  assert.throws(() => tt.tidy(() => opt.applyGradients(p, { w: tt.tensor([1, 2, 3]), b: [null] })), (e: Error) => e instanceof tt.ShapeError && /ag\.w/.test(e.message));
  const gone = tt.variable([1], { name: "ag.gone" });
  gone.dispose();
  assert.throws(() => tt.tidy(() => opt.applyGradients([gone], [tt.tensor([1])])), (e: Error) => e instanceof tt.DisposedError && /sgd.applyGradients: Tensor \d+ \(float32 \[1\]\) is disposed/.test(e.message));
  tt.dispose([p, g]); opt.dispose();
});

test("checkpoint: getWeights → safetensors → setWeights in a fresh optimizer continues bit for bit", () => {
  const mk = () => ({ w: tt.variable([[0.3, -0.2], [0.5, 0.7]], { name: "ck.w" }), b: tt.variable([0.1, -0.1], { name: "ck.b" }) });
  const xs = tt.tensor([[1, 2], [-1, 0.5], [0.3, 0.2]]);
  const lossOf = (p: { w: Tensor; b: Tensor }) => () => xs.matmul(p.w).add(p.b).tanh().sum();
  for (const make of [() => tt.optimizers.adam(0.1), () => tt.optimizers.rmsprop(0.05, 0.9, 0.5, 1e-7, true), () => tt.optimizers.adadelta(1)]) {
    const p = mk(), opt = make();
    for (let i = 0; i < 5; i++) opt.minimize(lossOf(p)).dispose();
    const weights = opt.getWeights();
    const bytes = tt.io.saveSafetensors({ params: p, opt: weights });
    tt.dispose(weights);
    for (let i = 0; i < 5; i++) opt.minimize(lossOf(p)).dispose();
    const want = [p.w.dataSync(), p.b.dataSync()];
    opt.dispose(); tt.dispose(p);
    // a fresh start from the file
    const { tensors } = tt.io.loadSafetensors(bytes);
    const tree = tt.tree.fromPaths(tensors) as { params: { w: Tensor; b: Tensor }; opt: Record<string, Tensor> };
    const q = { w: tt.variable(tree.params.w, { name: "ck.w" }), b: tt.variable(tree.params.b, { name: "ck.b" }) };
    const opt2 = make();
    opt2.setWeights(tree.opt);
    assert.is(opt2.iterations, 5);
    tt.dispose(tensors);
    for (let i = 0; i < 5; i++) opt2.minimize(lossOf(q)).dispose();
    assert.equal([q.w.dataSync(), q.b.dataSync()], want);
    opt2.dispose(); tt.dispose(q);
  }
  xs.dispose();
});

test("getWeights: keys iterations and <variable name>/<slot> (tfjs's slot names), tensors owned by the caller", () => {
  const w = tt.variable([1, 2], { name: "gw.w" });
  for (const [opt, slots] of [[tt.optimizers.adam(), ["m", "v"]], [tt.optimizers.rmsprop(0.1, 0.9, 0.5, 1e-7, true), ["rms", "momentum", "mg"]],
    [tt.optimizers.adadelta(), ["accum_grad", "accum_var"]], [tt.optimizers.adagrad(0.1), ["accumulator"]], [tt.optimizers.sgd(0.1), []]] as const) {
    tt.tidy(() => opt.applyGradients([w], [tt.tensor([0.5, -0.5])]));
    const weights = opt.getWeights();
    assert.equal(Object.keys(weights), ["iterations", ...slots.map((k) => `gw.w/${k}`)]);
    assert.equal([weights.iterations.dtype, weights.iterations.arraySync()], ["int32", 1]);
    tt.dispose(weights);
    opt.dispose();
  }
  w.dispose();
});

test("an update is not recorded by an enclosing tape", () => {
  const w = tt.variable([1, 2], { name: "rec.w" });
  const opt = tt.optimizers.momentum(0.1, 0.9);
  const outer = new tt.GradientTape();
  const y = outer.record(() => { opt.minimize(() => w.square().sum()).dispose(); return w.sum(); });
  // d(sum w)/dw = 1: the assignment inside minimize is not an op the outer tape differentiates through
  const g = outer.gradient(y, w)!;
  assert.equal(Array.from(g.dataSync()), [1, 1]);
  tt.dispose([y, g]); outer.dispose(); opt.dispose(); w.dispose();
});

test("setWeights checks every key before changing anything", () => {
  const opt = tt.optimizers.adam();
  const m = tt.zeros([2]);
  assert.throws(() => opt.setWeights({ "w/m": m }), /iterations/);
  const it = tt.scalar(3, "int32");
  assert.throws(() => opt.setWeights({ iterations: it, "w/q": m }), /unknown weight "w\/q"/);
  assert.throws(() => opt.setWeights({ iterations: it, "w/m": m }), /lacks slot\(s\) v/);
  assert.is(opt.iterations, 0);
  tt.dispose([m, it]); opt.dispose();
});

test("bad optimizer arguments are ArgumentErrors naming the optimizer and the argument", () => {
  assert.throws(() => tt.optimizers.sgd(NaN), /sgd: learningRate/);
  assert.throws(() => tt.optimizers.adam(0.1, 1.5), /adam: beta1/);
  assert.throws(() => tt.optimizers.rmsprop(0.1, 0.9, -1), /rmsprop: momentum/);
  const opt = tt.optimizers.sgd(() => NaN);
  const w = tt.variable([1], { name: "bad.w" });
  assert.throws(() => opt.minimize(() => w.sum()), /schedule gave learning rate NaN at step 0/);
  w.dispose(); opt.dispose();
});

test("schedules: closed forms", () => {
  const { exponentialDecay, cosineDecay, piecewiseConstant, linearWarmup } = tt.optimizers.schedules;
  const e = exponentialDecay(0.1, 10, 0.5), es = exponentialDecay(0.1, 10, 0.5, true);
  assert.is(e(0), 0.1); assert.ok(Math.abs(e(15) - 0.1 * 0.5 ** 1.5) < 1e-15); assert.is(es(15), 0.05);
  const c = cosineDecay(1, 100, 0.1);
  assert.is(c(0), 1); assert.ok(Math.abs(c(50) - 0.55) < 1e-12); assert.ok(Math.abs(c(100) - 0.1) < 1e-12); assert.ok(Math.abs(c(500) - 0.1) < 1e-12);
  const cw = cosineDecay(0, 100, 0, { warmupTarget: 2, warmupSteps: 10 });
  assert.is(cw(5), 1); assert.is(cw(10), 2); assert.ok(Math.abs(cw(60) - 1) < 1e-12);
  const pc = piecewiseConstant([10, 20], [1, 0.5, 0.1]);
  assert.equal([pc(0), pc(10), pc(11), pc(20), pc(21)], [1, 1, 0.5, 0.5, 0.1]);
  const lw = linearWarmup(e, 4);
  assert.equal([lw(0), lw(2), lw(4)], [0, 0.05, 0.1]); assert.is(lw(14), e(10));
  assert.throws(() => piecewiseConstant([1], [1]), /one more value/);
  assert.throws(() => exponentialDecay(0.1, 0, 0.5), /decaySteps/);
  // each option and list entry is read once (a getter or Proxy cannot change a value after it is checked)
  let reads = 0;
  const opts = { warmupSteps: 10, get warmupTarget() { reads++; return reads === 1 ? 2 : undefined as never; } };
  assert.is(cosineDecay(0, 100, 0, opts)(10), 2); assert.is(reads, 1);
  let lengthReads = 0;
  const grows = new Proxy([10, 20], { get: (t, k) => { if (k === "length") lengthReads++; return k === "length" ? 2 + lengthReads - 1 : Reflect.get(t, k); } });
  assert.equal([piecewiseConstant(grows, [1, 0.5, 0.1])(21)], [0.1]); assert.is(lengthReads, 1);
  assert.throws(() => cosineDecay(0, 100, 0, null as never), /schedules.cosineDecay: options must be an object, got null/);
  // a schedule drives the optimizer: step s uses lr(s)
  const w = tt.variable([0], { name: "sched.w" });
  const opt = tt.optimizers.sgd(pc);
  for (let i = 0; i < 12; i++) tt.tidy(() => opt.applyGradients([w], [tt.tensor([-1])]));
  assert.ok(Math.abs(w.dataSync()[0] - (11 * 1 + 0.5)) < 1e-6);
  w.dispose(); opt.dispose();
});

test("clipByGlobalNorm and clipByNorm: closed forms, null leaves, zero norms", () => {
  tt.tidy(() => {
    const t = { a: tt.tensor([3, 0]), b: [tt.tensor([[0, 4]]), null] };
    const { clipped, globalNorm } = tt.clipByGlobalNorm(t, 2);
    assert.is(globalNorm.dataSync()[0], 5);
    assert.equal(Array.from(clipped.a.dataSync()), [1.2000000476837158, 0]);
    assert.equal(Array.from(clipped.b[0]!.dataSync()), [0, 1.600000023841858]);
    assert.is(clipped.b[1], null);
    const same = tt.clipByGlobalNorm([tt.tensor([0.3, 0.4])], 1).clipped[0];
    assert.equal(Array.from(same.dataSync()), [Math.fround(0.3), Math.fround(0.4)]);
    const x = tt.tensor([[3, 4], [0, 0.5]]);
    assert.equal(Array.from(tt.clipByNorm(x, 2.5, 1).dataSync()), [1.5, 2, 0, 0.5]);
    assert.equal(Array.from(tt.clipByNorm(tt.zeros([3]), 1).dataSync()), [0, 0, 0]);
    const g = tt.grad((z: Tensor) => tt.clipByNorm(z, 1).sum())(tt.zeros([2]));
    assert.ok(Array.from(g.dataSync()).every(Number.isFinite));
    assert.throws(() => tt.clipByGlobalNorm(t, -1), /clipNorm/);
    assert.throws(() => tt.clipByGlobalNorm({ a: 3 }, 1), (e: Error) => e instanceof tt.ArgumentError && /clipByGlobalNorm: tree\.a must be a Tensor or null/.test(e.message));
  });
});

test("clipByNorm checks its axes before any kernel runs (the error names clipByNorm; the axes are read once)", () => {
  const x = tt.tensor([[3, 4], [0, 1]]);
  const before = leakFields(tt.memory());
  assert.throws(() => tt.clipByNorm(x, 1, 2), (e: Error) => e instanceof tt.ShapeError && /^clipByNorm: axis 2 is out of range/.test(e.message));
  let reads = 0;
  const axes = [0];
  Object.defineProperty(axes, 0, { get: () => (reads++ === 0 ? 1 : 7) });
  const r = tt.clipByNorm(x, 2.5, axes);
  assert.equal(Array.from(r.dataSync()), [1.5, 2, 0, 1]);
  assert.is(reads, 1);
  r.dispose();
  assert.equal(leakFields(tt.memory()), before);
  x.dispose();
});

test("memory is back at its baseline", () => {
  if (process.env.TT_REPORT) console.log(report.join("\n"));
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
