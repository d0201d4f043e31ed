// Forward values of every op against a plain-JS float64 reference, and the bad-input rows.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { assertClose, rng, size, uniform } from "../helpers/check.js";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const rand = rng(11);
const f32 = (xs: number[]) => Array.from(Float32Array.from(xs));

/** Plain-JS reference of numpy broadcasting for a binary function. */
function refBinary(a: number[], as: number[], b: number[], bs: number[], f: (x: number, y: number) => number): { v: number[]; shape: number[] } {
  const rank = Math.max(as.length, bs.length);
  const pa = [...Array(rank - as.length).fill(1), ...as], pb = [...Array(rank - bs.length).fill(1), ...bs];
  const shape = pa.map((d, i) => (d === 1 ? pb[i] : d));
  const strides = (s: number[]) => s.map((_, i) => s.slice(i + 1).reduce((p, d) => p * d, 1));
  const sa = strides(pa), sb = strides(pb);
  const v: number[] = [];
  for (let i = 0; i < size(shape); i++) {
    let rem = i, oa = 0, ob = 0;
    for (let d = rank - 1; d >= 0; d--) {
      const idx = rem % shape[d]; rem = Math.floor(rem / shape[d]);
      if (pa[d] !== 1) oa += idx * sa[d];
      if (pb[d] !== 1) ob += idx * sb[d];
    }
    v.push(f(a[oa], b[ob]));
  }
  return { v, shape };
}

const unaryCases: [string, (x: number) => number, number, number, number][] = [
  // op, reference, lo, hi, rtol
  ["neg", (x) => -x, -3, 3, 0],
  ["exp", Math.exp, -10, 10, 2e-7],
  ["log", Math.log, 1e-3, 100, 2e-7],
  ["sqrt", Math.sqrt, 0, 100, 1e-7],
  ["square", (x) => x * x, -5, 5, 1e-7],
  ["tanh", Math.tanh, -6, 6, 2e-7],
  ["sigmoid", (x) => 1 / (1 + Math.exp(-x)), -12, 12, 2e-7],
  ["relu", (x) => Math.max(x, 0), -2, 2, 0],
];
for (const [op, ref, lo, hi, rtol] of unaryCases) {
  test(`${op}: values over [${lo}, ${hi}] for shapes [], [7], [3,5]`, () => {
    for (const shape of [[], [7], [3, 5]]) {
      const xs = f32(uniform(rand, size(shape), lo, hi));
      tt.tidy(() => {
        const x = tt.tensor(xs, shape);
        const y = (tt as unknown as Record<string, (x: tt.Tensor) => tt.Tensor>)[op](x);
        assert.equal(y.shape, shape);
        assert.is(y.dtype, "float32");
        assertClose(y.dataSync(), xs.map(ref), rtol, 1e-30, op);
        // the chainable method gives the same
        assertClose((x as unknown as Record<string, () => tt.Tensor>)[op]().dataSync(), y.dataSync(), 0, 0, `${op} method`);
      });
    }
  });
}

const binaryCases: [string, (a: number, b: number) => number, number, number][] = [
  ["add", (a, b) => a + b, -3, 3],
  ["sub", (a, b) => a - b, -3, 3],
  ["mul", (a, b) => a * b, -3, 3],
  ["div", (a, b) => a / b, 0.5, 3],
  ["pow", (a, b) => a ** b, 0.5, 2],
  ["maximum", Math.max, -3, 3],
  ["minimum", Math.min, -3, 3],
];
const shapePairs: [number[], number[]][] = [
  [[], []], [[5], [5]], [[5], []], [[], [5]], [[2, 3], [3]], [[2, 3], [2, 1]], [[4, 1], [1, 5]],
  [[2, 3, 4], [3, 1]], [[2, 1, 4], [1, 3, 1]], [[3, 1, 5], [2, 1, 1, 5]], [[17], [17]], [[2, 0], [1]],
];
for (const [op, ref, lo, hi] of binaryCases) {
  test(`${op}: values with broadcasting over ${shapePairs.length} shape pairs`, () => {
    for (const [as, bs] of shapePairs) {
      const a = f32(uniform(rand, size(as), lo, hi)), b = f32(uniform(rand, size(bs), lo, hi));
      const want = refBinary(a, as, b, bs, ref);
      tt.tidy(() => {
        const y = (tt as unknown as Record<string, (a: tt.Tensor, b: tt.Tensor) => tt.Tensor>)[op](tt.tensor(a, as), tt.tensor(b, bs));
        assert.equal(y.shape, want.shape, `${op} ${JSON.stringify(as)} ${JSON.stringify(bs)}`);
        assertClose(y.dataSync(), want.v, op === "pow" ? 4e-7 : 1.2e-7, 1e-30, `${op} ${JSON.stringify(as)}×${JSON.stringify(bs)}`);
      });
    }
  });
}

test("binary ops accept JS numbers and arrays, which adopt the tensor's dtype", () => {
  tt.tidy(() => {
    const x = tt.tensor([1, 2, 3]);
    assert.equal(tt.mul(x, 2).arraySync(), [2, 4, 6]);
    assert.equal(tt.sub(10, x).arraySync(), [9, 8, 7]);
    assert.equal(x.add([[1], [2]]).arraySync(), [[2, 3, 4], [3, 4, 5]]);
    assert.equal(tt.add(1, 2).arraySync(), 3);
  });
});

test("comparisons give bool tensors with broadcasting; NaN compares false except notEqual", () => {
  tt.tidy(() => {
    const a = tt.tensor([1, 2, 3, NaN]), b = tt.tensor([2]);
    assert.equal(tt.equal(a, b).arraySync(), [false, true, false, false]);
    assert.equal(tt.notEqual(a, b).arraySync(), [true, false, true, true]);
    assert.equal(tt.less(a, b).arraySync(), [true, false, false, false]);
    assert.equal(tt.lessEqual(a, b).arraySync(), [true, true, false, false]);
    assert.equal(tt.greater(a, b).arraySync(), [false, false, true, false]);
    assert.equal(tt.greaterEqual(a, b).arraySync(), [false, true, true, false]);
    assert.is(tt.greater(a, b).dtype, "bool");
    assert.is(tt.greater(a, b).toString(), "[False False  True False]");
  });
});

test("where selects with broadcasting; cast converts between dtypes", () => {
  tt.tidy(() => {
    const c = tt.tensor([[true], [false]]);
    assert.equal(tt.where(c, tt.tensor([1, 2, 3]), tt.tensor(0)).arraySync(), [[1, 2, 3], [0, 0, 0]]);
    assert.equal(tt.cast(tt.tensor([-2.7, -0.5, 0, 2.7]), "int32").arraySync(), [-2, 0, 0, 2]);
    assert.equal(tt.cast(tt.tensor([0, 0.5, NaN]), "bool").arraySync(), [false, true, true]);
    assert.equal(tt.cast(tt.tensor([true, false]), "float32").arraySync(), [1, 0]);
    assert.equal(tt.cast(tt.tensor([3, -1], [2], "int32"), "float32").toString(), "[ 3. -1.]");
  });
});

/** Reference reduction over a set of axes with keepDims. */
function refReduce(x: number[], shape: number[], axes: number[], f: (acc: number, v: number) => number, init: number): number[] {
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Array(size(outShape)).fill(init);
  for (let i = 0; i < x.length; i++) {
    let rem = i, o = 0, mult = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      const idx = rem % shape[d]; rem = Math.floor(rem / shape[d]);
      if (!axes.includes(d)) o += idx * mult;
      mult *= outShape[d];
    }
    out[o] = f(out[o], x[i]);
  }
  return out;
}

test("sum, max, mean over every axis subset of [2,3,4], negative axes, keepDims", () => {
  const shape = [2, 3, 4];
  const xs = f32(uniform(rand, 24, -2, 2));
  const subsets = [[], [0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]];
  tt.tidy(() => {
    const x = tt.tensor(xs, shape);
    for (const axes of subsets) {
      for (const keepDims of [false, true]) {
        const shapeOut = keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
        const s = tt.sum(x, axes, keepDims), m = tt.max(x, axes, keepDims), a = tt.mean(x, axes, keepDims);
        for (const t of [s, m, a]) assert.equal(t.shape, shapeOut, `shape for axes ${axes}`);
        assertClose(s.dataSync(), refReduce(xs, shape, axes, (p, v) => p + v, 0), 1e-6, 1e-6, `sum ${axes}`);
        assertClose(m.dataSync(), refReduce(xs, shape, axes, Math.max, -Infinity), 0, 0, `max ${axes}`);
        const count = axes.reduce((p, d) => p * shape[d], 1);
        assertClose(a.dataSync(), refReduce(xs, shape, axes, (p, v) => p + v, 0).map((v) => v / count), 1e-6, 1e-6, `mean ${axes}`);
      }
    }
    assert.equal(tt.sum(x, -1).shape, [2, 3]);
    assert.equal(tt.sum(x, [-1, 0]).shape, [3]);
    assert.equal(x.sum().shape, []);
    assert.equal(tt.sum(tt.zeros([0])).arraySync(), 0);
    assert.equal(tt.max(tt.zeros([0])).arraySync(), -Infinity);
    assert.equal(tt.sum(tt.zeros([3, 0]), 1).arraySync(), [0, 0, 0]);
  });
});

test("sum of 1M ones is exact; max finds the one large value", () => {
  tt.tidy(() => {
    assert.is(tt.sum(tt.ones([1 << 20])).arraySync(), 1 << 20);
    const v = new Float32Array(100003).fill(-1);
    v[77777] = 5;
    assert.is(tt.max(tt.tensor(v)).arraySync(), 5);
  });
});

/** Reference matmul on row-major arrays. */
function refMatmul(a: number[], b: number[], m: number, n: number, k: number, tA: boolean, tB: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += (tA ? a[p * m + i] : a[i * k + p]) * (tB ? b[j * k + p] : b[p * n + j]);
    out.push(s);
  }
  return out;
}

test("matmul: 2-D with every transpose combination and awkward sizes", () => {
  for (const [m, n, k] of [[1, 1, 1], [2, 3, 4], [5, 7, 3], [17, 9, 33], [16, 16, 16], [3, 1, 0], [64, 65, 63]]) {
    for (const tA of [false, true]) for (const tB of [false, true]) {
      const a = f32(uniform(rand, m * k)), b = f32(uniform(rand, k * n));
      tt.tidy(() => {
        const A = tt.tensor(a, tA ? [k, m] : [m, k]), B = tt.tensor(b, tB ? [n, k] : [k, n]);
        const c = tt.matmul(A, B, { transposeA: tA, transposeB: tB });
        assert.equal(c.shape, [m, n]);
        assertClose(c.dataSync(), refMatmul(a, b, m, n, k, tA, tB), 1e-5, 1e-5, `matmul ${m}x${n}x${k} ${tA} ${tB}`);
      });
    }
  }
});

test("matmul: batched with broadcast batch dimensions", () => {
  tt.tidy(() => {
    const a = f32(uniform(rand, 2 * 3 * 4)), b = f32(uniform(rand, 4 * 5));
    const c = tt.matmul(tt.tensor(a, [2, 3, 4]), tt.tensor(b, [4, 5]));
    assert.equal(c.shape, [2, 3, 5]);
    const flat = c.dataSync();
    for (let i = 0; i < 2; i++) {
      assertClose(flat.slice(i * 15, (i + 1) * 15), refMatmul(a.slice(i * 12, (i + 1) * 12), b, 3, 5, 4, false, false), 1e-5, 1e-5, `batch ${i}`);
    }
    const d = tt.matmul(tt.tensor(f32(uniform(rand, 2 * 1 * 2 * 3)), [2, 1, 2, 3]), tt.tensor(f32(uniform(rand, 4 * 3 * 2)), [4, 3, 2]));
    assert.equal(d.shape, [2, 4, 2, 2]);
  });
});

test("reshape shares the buffer and infers -1; transpose and broadcastTo copy", () => {
  tt.tidy(() => {
    const x = tt.range(0, 6);
    const before = tt.memory().numBuffers;
    const r = tt.reshape(x, [2, -1]);
    assert.is(tt.memory().numBuffers, before, "reshape allocates nothing");
    assert.equal(r.arraySync(), [[0, 1, 2], [3, 4, 5]]);
    assert.equal(r.transpose().arraySync(), [[0, 3], [1, 4], [2, 5]]);
    const y = tt.reshape(tt.range(0, 24), [2, 3, 4]);
    const p = tt.transpose(y, [2, 0, 1]);
    assert.equal(p.shape, [4, 2, 3]);
    const yv = y.dataSync(), pv = p.dataSync();
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) {
      assert.is(pv[k * 6 + i * 3 + j], yv[i * 12 + j * 4 + k]);
    }
    assert.equal(tt.broadcastTo(tt.tensor([1, 2]), [2, 2]).arraySync(), [[1, 2], [1, 2]]);
    assert.equal(tt.transpose(tt.tensor([[true, false]])).arraySync(), [[true], [false]]);
  });
});

test("creation: tensor, scalar, zeros, ones, fill, range, zerosLike, onesLike", () => {
  tt.tidy(() => {
    assert.equal(tt.tensor([[1, 2], [3, 4]]).shape, [2, 2]);
    assert.is(tt.tensor([1, 2], [2], "int32").dtype, "int32");
    assert.is(tt.tensor(new Int32Array([1, 2])).dtype, "int32");
    assert.is(tt.tensor([true, false]).dtype, "bool");
    assert.equal(tt.tensor(7, [2, 2]).arraySync(), [[7, 7], [7, 7]]);
    assert.equal(tt.scalar(2.5).shape, []);
    assert.is(tt.scalar(2.5).toString(), "2.5");
    assert.equal(tt.zeros([2]).arraySync(), [0, 0]);
    assert.equal(tt.ones([2], "int32").toString(), "[1 1]");
    assert.equal(tt.fill([3], -1.5).arraySync(), [-1.5, -1.5, -1.5]);
    assert.equal(tt.range(0, 1, 0.25).arraySync(), [0, 0.25, 0.5, 0.75]);
    assert.equal(tt.range(5, 0, -2, "int32").arraySync(), [5, 3, 1]);
    assert.equal(tt.zerosLike(tt.ones([2, 1])).arraySync(), [[0], [0]]);
    assert.equal(tt.onesLike(tt.zeros([1], "int32")).dtype, "int32");
    assert.equal(tt.zeros([0, 3]).shape, [0, 3]);
  });
});

test("Tensor: dataSync/arraySync/data/array, size, rank, toString, using", async () => {
  const x = tt.tensor([[1, 2, 3], [4, 5, 6]]);
  assert.is(x.size, 6);
  assert.is(x.rank, 2);
  assert.instance(x.dataSync(), Float32Array);
  assert.equal(Array.from(await x.data()), [1, 2, 3, 4, 5, 6]);
  assert.equal(await x.array(), [[1, 2, 3], [4, 5, 6]]);
  assert.is(x.toString(), "[[1. 2. 3.]\n [4. 5. 6.]]");
  tt.tidy(() => assert.is(tt.tensor([0.5, 1.25]).toString(), "[0.5  1.25]"));
  x.dispose();
  {
    using y = tt.ones([3]);
    assert.is(y.isDisposed, false);
  }
});

// ---- bad input: the right error class, the op named, nothing leaked, the runtime still fine ----
const bad: [string, () => unknown, new (...a: never[]) => Error, RegExp][] = [
  ["add of incompatible shapes", () => tt.add(tt.ones([2, 3]), tt.ones([4])), tt.ShapeError, /add: shapes \[2,3\] and \[4\]/],
  ["mul of float32 and int32", () => tt.mul(tt.ones([2]), tt.ones([2], "int32")), tt.DTypeError, /mul: a is float32 \[2\] and b is int32 \[2\]/],
  ["exp of int32", () => tt.exp(tt.ones([2], "int32")), tt.DTypeError, /exp: x must be float32/],
  ["sum over an axis out of range", () => tt.sum(tt.ones([2, 2]), 2), tt.ShapeError, /sum: axis 2 is out of range for a tensor of rank 2 \(shape \[2,2\]\)/],
  ["sum over a repeated axis", () => tt.sum(tt.ones([2, 2]), [0, -2]), tt.ShapeError, /sum: axis -2 is repeated/],
  ["max over a fractional axis", () => tt.max(tt.ones([2, 2]), 0.5), tt.ShapeError, /max: axis 0.5/],
  ["matmul inner mismatch", () => tt.matmul(tt.ones([2, 3]), tt.ones([4, 5])), tt.ShapeError, /matmul: inner dimensions of a \[2,3\] and b \[4,5\] do not match \(3 vs 4/],
  ["matmul of a vector", () => tt.matmul(tt.ones([3]), tt.ones([3, 2])), tt.ShapeError, /matmul: both operands must have rank >= 2/],
  ["matmul batch mismatch", () => tt.matmul(tt.ones([2, 2, 2]), tt.ones([3, 2, 2])), tt.ShapeError, /matmul \(batch dimensions\)/],
  ["reshape to the wrong size", () => tt.reshape(tt.ones([2, 3]), [4, 2]), tt.ShapeError, /reshape: cannot reshape \[2,3\] \(6 elements\) to \[4,2\]/],
  ["reshape with two -1", () => tt.reshape(tt.ones([4]), [-1, -1]), tt.ShapeError, /reshape: at most one dimension/],
  ["reshape with -1 that does not divide", () => tt.reshape(tt.ones([5]), [2, -1]), tt.ShapeError, /reshape: cannot reshape \[5\]/],
  ["transpose with a bad perm", () => tt.transpose(tt.ones([2, 3]), [0, 0]), tt.ShapeError, /transpose: perm \[0,0\] is not a permutation/],
  ["broadcastTo a smaller shape", () => tt.broadcastTo(tt.ones([3]), [2, 2]), tt.ShapeError, /broadcastTo/],
  ["zeros with a negative dimension", () => tt.zeros([2, -1]), tt.ShapeError, /fill: shape \[2,-1\] has an invalid dimension -1/],
  ["ones with a NaN dimension", () => tt.ones([NaN]), tt.ShapeError, /fill: shape \[NaN\] has an invalid dimension NaN/],
  ["tensor with too few values", () => tt.tensor([1, 2, 3], [2, 2]), tt.ShapeError, /tensor: 3 values do not match shape \[2,2\] \(4 elements\)/],
  ["tensor of ragged arrays", () => tt.tensor([[1, 2], [3]]), tt.ShapeError, /tensor: values is ragged/],
  ["tensor of strings", () => tt.tensor(["a"] as never), tt.DTypeError, /tensor: values holds a string/],
  ["tensor with an unknown dtype", () => tt.tensor([1], [1], "float64" as never), tt.DTypeError, /tensor: unknown dtype "float64"/],
  ["an op given a Promise", () => tt.add(Promise.resolve(1) as never, 1), tt.ArgumentError, /add: argument a is a Promise/],
  ["an op given an object", () => tt.neg({} as never), tt.ArgumentError, /neg: x must be a Tensor/],
  ["where with a float condition", () => tt.where(tt.ones([2]), tt.ones([2]), tt.ones([2])), tt.DTypeError, /where: condition must be bool/],
  ["cast to an unknown dtype", () => tt.cast(tt.ones([2]), "float16" as never), tt.DTypeError, /cast: unknown dtype/],
  ["range with step 0", () => tt.range(0, 1, 0), tt.ArgumentError, /range: step must not be 0/],
  ["a disposed tensor", () => { const t = tt.ones([2]); t.dispose(); return tt.exp(t); }, tt.DisposedError, /exp: Tensor \d+ \(float32 \[2\]\) is disposed/],
  ["tidy given a non-function", () => tt.tidy(3 as never), tt.ArgumentError, /tidy: expected a function/],
  ["tidy returning a Promise", () => tt.tidy(() => Promise.resolve()), tt.ArgumentError, /tidy: the function returned a Promise/],
  // second batch (ops issue)
  ["log1p of int32", () => tt.log1p(tt.ones([2], "int32")), tt.DTypeError, /log1p: x must be float32, got int32 \[2\]/],
  ["sin of bool", () => tt.sin(tt.tensor([true])), tt.DTypeError, /sin: x must be float32, got bool \[1\]/],
  ["abs of bool", () => tt.abs(tt.tensor([true, false])), tt.DTypeError, /abs: x must be float32 or int32, got bool \[2\]/],
  ["softplus given a string", () => tt.softplus("x" as never), tt.ArgumentError, /softplus: x must be a Tensor/],
  ["clip with min > max", () => tt.clip(tt.ones([2]), 1, 0), tt.ArgumentError, /clip: clipValueMin \(1\) must be less than or equal to clipValueMax \(0\)/],
  ["clip with a NaN bound", () => tt.clip(tt.ones([2]), NaN, 1), tt.ArgumentError, /clip: clipValueMin must be a number, got NaN/],
  ["clip of int32", () => tt.clip(tt.ones([2], "int32"), 0, 1), tt.DTypeError, /clip: x must be float32, got int32/],
  ["pow of int32", () => tt.pow(tt.ones([2], "int32"), 2), tt.DTypeError, /pow: a must be float32, got int32 \[2\]/],
  ["add of bool", () => tt.add(tt.tensor([true]), tt.tensor([false])), tt.DTypeError, /add: a must be float32 or int32, got bool \[1\]/],
  ["mod of int32 and float32", () => tt.mod(tt.ones([3], "int32"), tt.ones([3])), tt.DTypeError, /mod: a is int32 \[3\] and b is float32 \[3\]/],
  ["floorDiv of incompatible shapes", () => tt.floorDiv(tt.ones([2]), tt.ones([3])), tt.ShapeError, /floorDiv: shapes \[2\] and \[3\] cannot be broadcast/],
  ["equal of bool", () => tt.equal(tt.tensor([true]), tt.tensor([true])), tt.DTypeError, /equal: a must be float32 or int32, got bool/],
  ["where with values of two dtypes", () => tt.where(tt.tensor([true]), tt.ones([1], "int32"), tt.ones([1])), tt.DTypeError, /where: a is int32 \[1\] and b is float32 \[1\]/],
  ["min over an axis out of range", () => tt.min(tt.ones([2, 2]), -3), tt.ShapeError, /min: axis -3 is out of range for a tensor of rank 2/],
  ["prod of bool", () => tt.prod(tt.tensor([true])), tt.DTypeError, /prod: x must be float32 or int32, got bool/],
  ["mean of bool", () => tt.mean(tt.tensor([true])), tt.DTypeError, /mean: x must be float32 or int32, got bool/],
  ["logSumExp of int32", () => tt.logSumExp(tt.ones([2], "int32")), tt.DTypeError, /logSumExp: x must be float32, got int32/],
  ["logSumExp over a repeated axis", () => tt.logSumExp(tt.ones([2, 2]), [1, -1]), tt.ShapeError, /logSumExp: axis -1 is repeated/],
  ["argMax over an empty axis", () => tt.argMax(tt.zeros([0, 3])), tt.ShapeError, /argMax: axis 0 of shape \[0,3\] is empty/],
  ["argMax with an array of axes", () => tt.argMax(tt.ones([2, 2]), [0, 1] as never), tt.ArgumentError, /argMax: axis must be a number, got \[0,1\]/],
  ["argMin over an axis out of range", () => tt.argMin(tt.ones([2, 2]), 2), tt.ShapeError, /argMin: axis 2 is out of range for a tensor of rank 2/],
  ["argMax of a scalar", () => tt.argMax(tt.scalar(1)), tt.ShapeError, /argMax: axis 0 is out of range for a tensor of rank 0/],
  ["argMin of bool", () => tt.argMin(tt.tensor([true])), tt.DTypeError, /argMin: x must be float32 or int32, got bool/],
];
for (const [what, fn, cls, message] of bad) {
  test(`bad input: ${what}`, () => {
    const before = leakFields(tt.memory());
    try {
      tt.tidy(fn);
      assert.unreachable("no error thrown");
    } catch (e) {
      assert.instance(e, cls);
      assert.instance(e, tt.TensorTapeError);
      assert.match((e as Error).message, message);
    }
    assert.equal(leakFields(tt.memory()), before, "memory unchanged by the failed op");
    tt.tidy(() => assert.equal(tt.add(tt.ones([2]), 1).arraySync(), [2, 2]));
    assert.equal(leakFields(tt.memory()), before);
  });
}

test("dispose twice is a no-op; disposed tensors print their identity", () => {
  const t = tt.ones([1]);
  t.dispose();
  t.dispose();
  assert.ok(t.isDisposed);
  assert.match(t.toString(), /disposed/);
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
