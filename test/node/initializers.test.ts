// tt.initializers: Keras's fan rules, the statistics of each distribution, orthogonality, and pinned seeded values.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const I = tt.initializers;

function stats(t: tt.Tensor) {
  const v = t.dataSync();
  let s = 0, s2 = 0, max = 0;
  for (const x of v) { s += x; s2 += x * x; max = Math.max(max, Math.abs(x)); }
  const mean = s / v.length;
  return { mean, sd: Math.sqrt(s2 / v.length - mean * mean), max };
}

test("zeros, ones, constant: values, shapes and dtypes", () => {
  tt.tidy(() => {
    assert.equal(I.zeros()([2, 2]).arraySync(), [[0, 0], [0, 0]]);
    assert.equal(I.ones()([3], "int32").dtype, "int32");
    assert.equal(I.constant({ value: 2.5 })([2]).arraySync(), [2.5, 2.5]);
    assert.throws(() => I.constant({ value: NaN }), /value must be a finite number/);
  });
});

test("variance scaling: glorot, he and lecun follow Keras's fans and variances (uniform bounds, truncated normals)", () => {
  tt.tidy(() => {
    const cases: [string, (o: { seed: number }) => tt.Initializer, number[], number][] = [
      ["glorotUniform", I.glorotUniform, [200, 300], 2 / 500],
      ["glorotNormal", I.glorotNormal, [200, 300], 2 / 500],
      ["heUniform", I.heUniform, [3, 3, 16, 32], 2 / (9 * 16)],       // fanIn = 3·3·16
      ["heNormal", I.heNormal, [400, 100], 2 / 400],
      ["lecunNormal", I.lecunNormal, [250, 100], 1 / 250],
      ["lecunUniform", I.lecunUniform, [1000], 1 / 1000],             // rank 1: fanIn = fanOut = 1000
    ];
    for (const [name, make, shape, variance] of cases) {
      const t = make({ seed: 7 })(shape);
      assert.equal(t.shape, shape);
      const { mean, sd, max } = stats(t);
      const want = Math.sqrt(variance);
      assert.ok(Math.abs(sd / want - 1) < 0.05, `${name}: sd ${sd} vs ${want}`);
      assert.ok(Math.abs(mean) < 0.1 * want, `${name}: mean ${mean}`);
      const bound = name.endsWith("Uniform") ? Math.sqrt(3) * want : 2 * want / 0.87962566103423978;
      assert.ok(max <= bound * (1 + 1e-6), `${name}: max |x| ${max} beyond ${bound}`);
    }
  });
});

test("truncatedNormal: within two standard deviations, with the truncated variance; randomNormal/Uniform defaults", () => {
  tt.tidy(() => {
    const t = stats(I.truncatedNormal({ mean: 1, stddev: 2, seed: 3 })([20000]));
    assert.ok(Math.abs(t.mean - 1) < 0.05 && Math.abs(t.sd / (2 * 0.8796) - 1) < 0.02 && t.max <= 5, JSON.stringify(t));
    const n = stats(I.randomNormal({ seed: 1 })([20000]));
    assert.ok(Math.abs(n.sd / 0.05 - 1) < 0.03, `randomNormal sd ${n.sd}`);
    const u = stats(I.randomUniform({ seed: 1 })([20000]));
    assert.ok(u.max <= 0.05 && Math.abs(u.sd / (0.1 / Math.sqrt(12)) - 1) < 0.03, `randomUniform ${JSON.stringify(u)}`);
  });
});

test("orthogonal: QᵀQ = I (tall), QQᵀ = I (wide), gain, conv kernels flattened to [∏ shape[:-1], shape[-1]]", () => {
  tt.tidy(() => {
    const close = (a: tt.Tensor, b: tt.Tensor) => {
      const x = a.dataSync(), y = b.dataSync();
      return x.every((v, i) => Math.abs(v - y[i]) < 1e-5);
    };
    const tall = I.orthogonal({ seed: 5 })([6, 4]);
    assert.ok(close(tt.matmul(tall, tall, { transposeA: true }), tt.eye(4)));
    const wide = I.orthogonal({ seed: 5, gain: 2 })([3, 5]);
    assert.ok(close(tt.matmul(wide, wide, { transposeB: true }), tt.eye(3).mul(4)));
    const conv = I.orthogonal({ seed: 9 })([3, 3, 2, 4]).reshape([18, 4]);
    assert.ok(close(tt.matmul(conv, conv, { transposeA: true }), tt.eye(4)));
    assert.throws(() => I.orthogonal()([5]), /rank 2 or more/);
    // Keras's sign correction: Q of linalg.qr of the seeded normal draw, column j times sign(R[j, j]), so that
    // R' = Q'ᵀA has a positive diagonal (tall: Q' = the result; wide: Q' = its transpose)
    for (const [shape, draw, q] of [[[6, 4], [6, 4], (t: tt.Tensor) => t], [[3, 5], [5, 3], (t: tt.Tensor) => tt.transpose(t)]] as const) {
      const a = tt.randomNormal([...draw], 0, 1, "float32", 7);
      const got = q(I.orthogonal({ seed: 7 })([...shape]));
      const [q0, r0] = tt.linalg.qr(a);
      const d = tt.matmul(got, a, { transposeA: true }).dataSync();
      const n = draw[1], rd = r0.dataSync();
      for (let j = 0; j < n; j++) assert.ok(d[j * n + j] > 0, `diag(R') > 0 at ${j} for ${shape}`);
      const qv = q0.dataSync(), gv = got.dataSync();
      for (let i = 0; i < qv.length; i++) assert.is(gv[i], rd[(i % n) * n + (i % n)] < 0 ? -qv[i] : qv[i], `Q·sign(diag(R)) at ${i}`);
    }
  });
  assert.equal(leakFields(tt.memory()), baseline);
});

test("seeded initializers give these exact values (the same in every runtime and kernel build)", () => {
  tt.tidy(() => {
    const pinned: Record<string, number[]> = {
      glorotUniform: [1.0131945610046387, 0.8316857814788818, 0.3407377004623413, 0.34891629219055176, 0.06973588466644287, -0.19477736949920654],
      heNormal: [0.2287316918373108, -0.21584811806678772, -0.5639452934265137, -0.8795420527458191, -1.083368182182312, 0.6771000623703003],
      orthogonal: [0.1840759515762329, -0.4538453221321106, -0.8718603849411011, -0.15659809112548828, -0.8892290592193604, 0.42982396483421326],
      truncatedNormal: [0.010059913620352745, -0.009493277408182621, -0.0248030386865139, -0.038683388382196426, -0.04764791950583458, 0.02977972850203514],
    };
    for (const [name, want] of Object.entries(pinned)) {
      const init = (I as unknown as Record<string, (o: { seed: number }) => tt.Initializer>)[name]({ seed: 42 });
      assert.equal(Array.from(init([2, 3]).dataSync()), want, name);
      assert.equal(Array.from(init([2, 3]).dataSync()), want, `${name}, drawn again`);
    }
    // unseeded draws differ from call to call
    const a = I.heNormal()([4]).dataSync(), b = I.heNormal()([4]).dataSync();
    assert.not.equal(Array.from(a), Array.from(b));
  });
});

test("bad arguments: non-float dtypes for random initializers, bad seeds and options", () => {
  assert.throws(() => I.glorotUniform()([2, 2], "int32"), (e: Error) => e instanceof tt.DTypeError && /glorotUniform/.test(e.message));
  assert.throws(() => I.heNormal({ seed: NaN }), /seed must be a finite number or a string/);
  assert.throws(() => I.randomNormal(3 as any), /options must be an object/);
  assert.throws(() => I.glorotNormal()([-1, 2]), (e: Error) => e instanceof tt.ShapeError);
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
