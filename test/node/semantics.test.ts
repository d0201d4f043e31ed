// Unary math, int32 and bool arithmetic, min/prod/argMax/logSumExp against float64 references and hand values, and the TF semantics of their gradients
import { test } from "uvu";
import * as assert from "uvu/assert";
import { assertClose, checkGrad, refReduce, rng, size, uniform } from "../helpers/check.js";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const rand = rng(77);
const f32 = (xs: number[]) => Array.from(Float32Array.from(xs));
type Fn = (...a: unknown[]) => tt.Tensor;
const op = (name: string) => (tt as unknown as Record<string, Fn>)[name];

const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const unaryCases: [string, (x: number) => number, number, number][] = [
  // op, reference, lo, hi (values checked to 2.5e-7 relative: ≤ 2 ulp)
  ["abs", Math.abs, -5, 5],
  ["sign", Math.sign, -5, 5],
  ["log1p", Math.log1p, -0.999, 50],
  ["expm1", Math.expm1, -20, 20],
  ["rsqrt", (x) => 1 / Math.sqrt(x), 1e-3, 1e3],
  ["reciprocal", (x) => 1 / x, 1e-3, 1e3],
  ["sin", Math.sin, -50, 50],
  ["cos", Math.cos, -50, 50],
  ["tan", Math.tan, -3, 3],
  ["elu", (x) => (x > 0 ? x : Math.expm1(x)), -10, 10],
  ["softplus", softplus, -30, 30],
  ["floor", Math.floor, -20, 20],
  ["ceil", Math.ceil, -20, 20],
  ["round", (x) => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x)), -20, 20],
  ["sinh", Math.sinh, -80, 80],
  ["cosh", Math.cosh, -80, 80],
  ["asinh", Math.asinh, -1e4, 1e4],
  ["acosh", Math.acosh, 1, 1e4],
  ["atanh", Math.atanh, -0.999, 0.999],
  ["asin", Math.asin, -1, 1],
  ["acos", Math.acos, -1, 1],
  ["atan", Math.atan, -1e3, 1e3],
];
for (const [name, ref, lo, hi] of unaryCases) {
  test(`${name}: values over [${lo}, ${hi}] for shapes [], [7], [3,5], [0]; the method agrees`, () => {
    for (const shape of [[], [7], [3, 5], [0]]) {
      const xs = f32(uniform(rand, size(shape), lo, hi));
      tt.tidy(() => {
        const x = tt.tensor(xs, shape);
        const y = op(name)(x);
        assert.equal(y.shape, shape);
        assert.is(y.dtype, "float32");
        assertClose(y.dataSync(), xs.map(ref), 2.5e-7, 1e-30, name);
        assertClose((x as unknown as Record<string, () => tt.Tensor>)[name]().dataSync(), y.dataSync(), 0, 0, `${name} method`);
      });
    }
  });
}

test("log1p/expm1 keep full precision near 0, where log(1 + x) and exp(x) − 1 lose it all", () => {
  tt.tidy(() => {
    const x = tt.tensor([1e-8, -3e-9, 2e-30]);
    assertClose(tt.log1p(x).dataSync(), [1e-8, -3e-9, 2e-30], 1e-7, 0, "log1p");
    assertClose(tt.expm1(x).dataSync(), [1e-8, -3e-9, 2e-30], 1e-7, 0, "expm1");
    assert.equal(Array.from(tt.log(tt.add(x, 1)).dataSync()), [0, 0, 0]); // the naive way
  });
});

test("sin/cos/tan of large arguments (exact range reduction) and clip", () => {
  tt.tidy(() => {
    const xs = f32([1e4, -12345.678, 1e7, 3e9, 1e30, -3.4e38]);
    const x = tt.tensor(xs);
    assertClose(tt.sin(x).dataSync(), xs.map(Math.sin), 1.2e-7, 1e-30, "sin");
    assertClose(tt.cos(x).dataSync(), xs.map(Math.cos), 1.2e-7, 1e-30, "cos");
    assertClose(tt.tan(x).dataSync(), xs.map(Math.tan), 1.2e-7, 1e-30, "tan");
    assert.equal(Array.from(tt.clip([-3, -1, 0.25, 1, 3], -1, 1).dataSync()), [-1, -1, 0.25, 1, 1]);
    assert.equal(tt.tensor([[5, -5]]).clip(0, 2).arraySync(), [[2, 0]]);
  });
});

test("int32 arithmetic keeps int32, wraps, and divides as tfjs (floor; x/0 = 0)", () => {
  tt.tidy(() => {
    const a = tt.tensor([7, -7, 7, -7, 5, 0, -2147483648], [7], "int32");
    const b = tt.tensor([2, 2, -2, -2, 0, 0, -1], [7], "int32");
    for (const [name, want] of [
      ["add", [9, -5, 5, -9, 5, 0, 2147483647]], ["sub", [5, -9, 9, -5, 5, 0, -2147483647]],
      ["mul", [14, -14, -14, 14, 0, 0, -2147483648]], ["div", [3, -4, -4, 3, 0, 0, -2147483648]],
      ["floorDiv", [3, -4, -4, 3, 0, 0, -2147483648]], ["mod", [1, 1, -1, -1, 0, 0, 0]],
      ["maximum", [7, 2, 7, -2, 5, 0, -1]], ["minimum", [2, -7, -2, -7, 0, 0, -2147483648]],
    ] as const) {
      const y = op(name)(a, b);
      assert.is(y.dtype, "int32", name);
      assert.equal(Array.from(y.dataSync()), want, name);
    }
    assert.equal(Array.from(tt.mul(tt.tensor([65536, 46341], [2], "int32"), tt.tensor([65536, 46341], [2], "int32")).dataSync()), [0, -2147479015]);
    // a JS value adopts the tensor's dtype; broadcasting works as for float32
    const c = tt.tensor([[1], [2]], [2, 1], "int32");
    const s = c.add([10, 20, 30]);
    assert.is(s.dtype, "int32");
    assert.equal(s.arraySync(), [[11, 21, 31], [12, 22, 32]]);
    assert.equal(tt.sub(100, c).arraySync(), [[99], [98]]);
    assert.equal(c.neg().arraySync(), [[-1], [-2]]);
    assert.equal(tt.square(c).toString(), "[[1]\n [4]]");
    assert.equal(tt.sign(tt.tensor([-3, 0, 3], [3], "int32")).arraySync(), [-1, 0, 1]);
  });
});

test("float32 floorDiv and mod: sign of the divisor, exact remainders", () => {
  tt.tidy(() => {
    assert.equal(Array.from(tt.floorDiv([7, -7, 7.5, -0.5], [2, 2, -2, 3]).dataSync()), [3, -4, -4, -1]);
    assert.equal(Array.from(tt.mod([7, -7, 7.5, -7.5, 1e7 + 1], [3, 3, -2, 2, 10]).dataSync()), [1, 2, -0.5, 0.5, 1]);
    assert.ok(Number.isNaN(tt.mod(tt.tensor([5]), 0).dataSync()[0]), "float mod 0 is NaN");
  });
});

test("int32 comparisons with broadcasting; where on bool and int32 values", () => {
  tt.tidy(() => {
    const a = tt.tensor([[1, 2, 3], [4, 5, 6]], [2, 3], "int32"), b = tt.tensor([2, 5, 3], [3], "int32");
    assert.equal(tt.equal(a, b).arraySync(), [[false, false, true], [false, true, false]]);
    assert.equal(tt.less(a, b).arraySync(), [[true, true, false], [false, false, false]]);
    assert.equal(tt.greaterEqual(a, 4).arraySync(), [[false, false, false], [true, true, true]]);
    assert.equal(tt.notEqual(tt.tensor([-2147483648], [1], "int32"), 2147483647).arraySync(), [true]);
    const c = tt.tensor([[true], [false]]);
    const w = tt.where(c, tt.tensor([true, false, true]), tt.tensor(false));
    assert.is(w.dtype, "bool");
    assert.equal(w.arraySync(), [[true, false, true], [false, false, false]]);
    const wi = tt.where(tt.tensor([true, false]), tt.tensor([1, 2], [2], "int32"), tt.tensor([-1, -2], [2], "int32"));
    assert.is(wi.dtype, "int32");
    assert.equal(wi.arraySync(), [1, -2]);
  });
});

test("min, prod (float32 and int32), sum/max of int32 over every axis subset of [2,3,4], keepDims", () => {
  const shape = [2, 3, 4];
  const xs = f32(uniform(rand, 24, 0.5, 1.5).map((v) => (rand() < 0.5 ? -v : v)));
  const is = Array.from({ length: 24 }, () => Math.floor(rand() * 9) - 4);
  const subsets = [[], [0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]];
  tt.tidy(() => {
    const x = tt.tensor(xs, shape), xi = tt.tensor(is, shape, "int32");
    for (const axes of subsets) {
      for (const keepDims of [false, true]) {
        const outShape = keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
        const checks: [tt.Tensor, number[], number, string][] = [
          [tt.min(x, axes, keepDims), refReduce(xs, shape, axes, Math.min, Infinity), 0, "min"],
          [tt.prod(x, axes, keepDims), refReduce(xs, shape, axes, (p, v) => p * v, 1), 1e-6, "prod"],
          [tt.min(xi, axes, keepDims), refReduce(is, shape, axes, Math.min, Infinity), 0, "min int32"],
          [tt.max(xi, axes, keepDims), refReduce(is, shape, axes, Math.max, -Infinity), 0, "max int32"],
          [tt.sum(xi, axes, keepDims), refReduce(is, shape, axes, (p, v) => p + v, 0), 0, "sum int32"],
          [tt.prod(xi, axes, keepDims), refReduce(is, shape, axes, (p, v) => p * v, 1), 0, "prod int32"],
        ];
        for (const [t, want, rtol, what] of checks) {
          assert.equal(t.shape, outShape, `${what} shape for axes ${axes}`);
          assert.is(t.dtype, what.endsWith("int32") ? "int32" : "float32", `${what} dtype`);
          assertClose(t.dataSync(), want, rtol, 0, `${what} axes ${axes} keepDims ${keepDims}`);
        }
      }
    }
    assert.equal(tt.min(x, -1).shape, [2, 3]);
    assert.equal(x.prod([-1, 0]).shape, [3]);
    assert.is(tt.sum(tt.tensor([2147483647, 1], [2], "int32")).arraySync(), -2147483648); // wraps
    assert.is(tt.sum(tt.tensor([true, true, false, true])).arraySync(), 3);
    assert.is(tt.sum(tt.tensor([true, true])).dtype, "int32");
    const m = tt.mean(tt.tensor([1, 2, 2], [3], "int32"));
    assert.is(m.dtype, "float32");
    assertClose(m.dataSync(), [5 / 3], 1e-7, 0, "mean int32");
    assert.equal(tt.min(tt.zeros([0])).arraySync(), Infinity);
    assert.equal(tt.prod(tt.zeros([2, 0]), 1).arraySync(), [1, 1]);
  });
});

test("argMax/argMin over every axis, negative axes, keepDims; first tie, first NaN; int32", () => {
  const shape = [3, 4, 5];
  const xs = Array.from({ length: 60 }, () => Math.floor(rand() * 5)); // many ties
  tt.tidy(() => {
    const x = tt.tensor(xs, shape);
    for (let axis = -3; axis < 3; axis++) {
      const a = (axis + 3) % 3;
      for (const [fn, better] of [[tt.argMax, (v: number, b: number) => v > b], [tt.argMin, (v: number, b: number) => v < b]] as const) {
        const outShape = shape.filter((_, i) => i !== a);
        const want: number[] = [];
        const outer = shape.slice(0, a).reduce((p, d) => p * d, 1), n = shape[a], inner = shape.slice(a + 1).reduce((p, d) => p * d, 1);
        for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
          let bi = 0;
          for (let k = 1; k < n; k++) if (better(xs[(o * n + k) * inner + j], xs[(o * n + bi) * inner + j])) bi = k;
          want.push(bi);
        }
        const y = fn(x, axis);
        assert.is(y.dtype, "int32");
        assert.equal(y.shape, outShape);
        assert.equal(Array.from(y.dataSync()), want, `axis ${axis}`);
        const yk = fn(x, axis, true);
        assert.equal(yk.shape, shape.map((d, i) => (i === a ? 1 : d)));
        assert.equal(Array.from(yk.dataSync()), want);
        assert.equal(Array.from(fn(tt.cast(x, "int32"), axis).dataSync()), want, `int32 axis ${axis}`);
      }
    }
    assert.equal(tt.argMax([1, NaN, 3, NaN]).arraySync(), 1);
    assert.equal(tt.argMin([[4, 1, 1], [NaN, 0, -1]], 1).arraySync(), [1, 0]);
    assert.equal(tt.tensor([[1, 9, 9], [7, 2, 3]]).argMax(1).arraySync(), [1, 0]);
    assert.equal(tt.argMax(tt.zeros([0, 3]), 1).shape, [0]); // nothing to index: an empty result
  });
});

test("logSumExp: stable for large values, ±Inf as TF, empty axis gives -Inf", () => {
  tt.tidy(() => {
    assertClose(tt.logSumExp([1000, 1000]).dataSync(), [1000 + Math.log(2)], 1e-7, 0, "large");
    assertClose(tt.logSumExp([-1000, -1000]).dataSync(), [-1000 + Math.log(2)], 1e-7, 0, "small");
    assert.equal(Array.from(tt.logSumExp([[-Infinity, -Infinity], [Infinity, 0], [NaN, 1]], 1).dataSync()), [-Infinity, Infinity, NaN]);
    assert.equal(tt.logSumExp(tt.zeros([2, 0]), 1).arraySync(), [-Infinity, -Infinity]);
    assert.equal(tt.tensor([[0, 0], [1, 1]]).logSumExp(1, true).shape, [2, 1]);
  });
});

/** d/dx of f at x on one tape; the gradient's values. */
function gradOf(f: (x: tt.Tensor) => tt.Tensor, xs: number[]): number[] {
  return tt.tidy(() => {
    const x = tt.tensor(xs);
    const t = new tt.GradientTape();
    const y = t.record(() => { t.watch(x); return f(x); });
    return Array.from(t.gradient(y, x)!.dataSync());
  });
}

test("gradients follow TensorFlow at kinks: abs'(0) = 0, sign' = 0, clip passes at its bounds, elu'(0) = 1", () => {
  assert.equal(gradOf((x) => tt.abs(x), [-2, 0, 3]), [-1, 0, 1]);
  assert.equal(gradOf((x) => tt.sign(x), [-2, 0, 3]), [0, 0, 0]); // zeros, not null
  assert.equal(gradOf((x) => tt.clip(x, -1, 1), [-2, -1, 0, 1, 2, NaN]), [0, 1, 1, 1, 0, 1]);
  assert.equal(gradOf((x) => tt.elu(x), [-1, 0, 2]).map((v) => Math.fround(v)), [Math.fround(Math.exp(-1)), 1, 1]);
  assert.equal(gradOf((x) => tt.min(x), [2, 1, 1, 3]), [0, 0.5, 0.5, 0]);
  assert.equal(gradOf((x) => tt.relu(x).add(tt.softplus(x)), [0]), [0.5]);
});

test("prod's gradient is the product of the other elements with zero, one or two zeros", () => {
  assert.equal(gradOf((x) => tt.prod(x), [2, 3, 4]), [12, 8, 6]);
  assert.equal(gradOf((x) => tt.prod(x), [2, 0, 4]), [0, 8, 0]);
  assert.equal(gradOf((x) => tt.prod(x), [2, 0, 4, 0]), [0, 0, 0, 0]);
  assert.equal(gradOf((x) => tt.prod(x.reshape([2, 2]), 1).sum(), [0, 5, 3, 0]), [5, 0, 0, 3]);
  // second order with one zero: d²/dxᵢdxⱼ Π x = Π over the others, also across the zero
  tt.tidy(() => {
    const x = tt.tensor([2, 0, 4]);
    const h = tt.hessian((x: tt.Tensor) => tt.prod(x))(x);
    assert.equal(h.arraySync(), [[0, 4, 0], [4, 0, 2], [0, 2, 0]]);
  });
});

test("logSumExp's gradient is softmax, also next to −Inf; its second order is diag(p) − ppᵀ", () => {
  const xs = [-Infinity, 0, 2, -1];
  const e = xs.map(Math.exp), s = e.reduce((a, b) => a + b);
  assertClose(gradOf((x) => tt.logSumExp(x), xs), e.map((v) => v / s), 1e-6, 1e-7, "softmax");
  tt.tidy(() => {
    const x = tt.tensor([0.5, -1, 2]);
    const p = [0.5, -1, 2].map(Math.exp);
    const z = p.reduce((a, b) => a + b);
    const q = p.map((v) => v / z);
    const h = tt.hessian((x: tt.Tensor) => tt.logSumExp(x))(x).dataSync();
    assertClose(h, q.flatMap((qi, i) => q.map((qj, j) => (i === j ? qi : 0) - qi * qj)), 1e-5, 1e-6, "hessian");
  });
});

test("higher order through the unary-math and reduction rules: closed forms of second and third derivatives", () => {
  const xs = [-1.3, -0.4, 0.3, 1.1];
  const d = (f: (x: tt.Tensor) => tt.Tensor, order: number): number[] => tt.tidy(() => {
    let g = f;
    for (let k = 0; k < order; k++) { const prev = g; g = (x) => tt.grad((y: tt.Tensor) => prev(y).sum())(x); }
    return Array.from(g(tt.tensor(xs)).dataSync());
  });
  const sig = (x: number) => 1 / (1 + Math.exp(-x));
  assertClose(d((x) => tt.sin(x), 3), xs.map((x) => -Math.cos(x)), 1e-5, 1e-6, "sin'''");
  assertClose(d((x) => tt.cos(x), 2), xs.map((x) => -Math.cos(x)), 1e-5, 1e-6, "cos''");
  assertClose(d((x) => tt.tan(x), 2), xs.map((x) => 2 * Math.tan(x) / Math.cos(x) ** 2), 1e-5, 1e-6, "tan''");
  assertClose(d((x) => tt.softplus(x), 2), xs.map((x) => sig(x) * (1 - sig(x))), 1e-5, 1e-6, "softplus''");
  assertClose(d((x) => tt.elu(x), 2), xs.map((x) => (x > 0 ? 0 : Math.exp(x))), 1e-5, 1e-6, "elu''");
  assertClose(d((x) => tt.rsqrt(tt.add(x, 2)), 2), xs.map((x) => 0.75 * (x + 2) ** -2.5), 1e-5, 1e-6, "rsqrt''");
  assertClose(d((x) => tt.log1p(tt.add(x, 1)), 3), xs.map((x) => 2 / (x + 2) ** 3), 1e-5, 1e-6, "log1p'''");
  assertClose(d((x) => tt.expm1(x), 3), xs.map(Math.exp), 1e-5, 1e-6, "expm1'''");
  checkGrad({ f: (a) => tt.prod(a), inputs: [{ shape: [4], values: [0.9, -1.1, 1.3, 0.7] }], order: 3, rtol: 2e-2, atol: 2e-3 });
  checkGrad({ f: (a) => tt.logSumExp(a), inputs: [{ shape: [4], values: [0.9, -1.1, 1.3, 0.7] }], order: 3, rtol: 2e-2, atol: 2e-3 });
});

test("no gradient flows into int32 inputs; argMax and floorDiv are constants to the tape", () => {
  tt.tidy(() => {
    const xi = tt.tensor([1, 2, 3], [3], "int32"), x = tt.tensor([0.5, -1, 2]);
    const t = new tt.GradientTape({ persistent: true });
    const [yi, ya, yf] = t.record(() => {
      t.watch([xi, x]);
      return [tt.mul(xi, xi).sum(), tt.cast(tt.argMax(x), "float32"), tt.floorDiv(x, 0.3).mul(x).sum()];
    });
    assert.is(t.gradient(yi, xi), null);
    assert.is(t.gradient(ya, x), null);
    assert.equal(Array.from(t.gradient(yf, x)!.dataSync()), Array.from(tt.floorDiv(x, 0.3).dataSync())); // d(⌊x/c⌋·x) = ⌊x/c⌋
    t.dispose();
  });
});

test("forward mode through the unary-math and reduction rules (jvp = J·v)", () => {
  tt.tidy(() => {
    const x = tt.tensor([0.3, -0.7, 1.2]), v = tt.tensor([1, 2, -1]);
    const acc = new tt.ForwardAccumulator(x, v);
    const y = acc.record(() => tt.logSumExp(tt.sin(x).mul(tt.softplus(x))));
    const jv = acc.jvp(y)!.dataSync()[0];
    const xs = [0.3, -0.7, 1.2], vs = [1, 2, -1];
    const f = xs.map((a) => Math.sin(a) * softplus(a));
    const df = xs.map((a) => Math.cos(a) * softplus(a) + Math.sin(a) / (1 + Math.exp(-a)));
    const z = f.reduce((s, a) => s + Math.exp(a), 0);
    const want = f.reduce((s, a, i) => s + (Math.exp(a) / z) * df[i] * vs[i], 0);
    assert.ok(Math.abs(jv - want) < 1e-5, `jvp ${jv} vs ${want}`);
    acc.dispose();
  });
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
