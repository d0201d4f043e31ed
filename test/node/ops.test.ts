// Forward values of every op against a plain-JS float64 reference, and the bad-input rows.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { assertClose, broadcastOffset, refReduce, rng, size, uniform } from "../helpers/check.js";
import { badInputTests, type BadRow } from "../helpers/bad.js";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const rand = rng(11);
const f32 = (xs: number[]) => Array.from(Float32Array.from(xs));

/** Plain-JS reference of numpy broadcasting for a binary function. */
function refBinary(a: number[], as: number[], b: number[], bs: number[], f: (x: number, y: number) => number): { v: number[]; shape: number[] } {
  const rank = Math.max(as.length, bs.length);
  const shape = Array.from({ length: rank }, (_, d) => {
    const da = as[as.length - rank + d] ?? 1, db = bs[bs.length - rank + d] ?? 1;
    return da === 1 ? db : da;
  });
  const v = Array.from({ length: size(shape) }, (_, i) => f(a[broadcastOffset(i, shape, as)], b[broadcastOffset(i, shape, bs)]));
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
const bad: BadRow[] = [
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
  ["tensor of strings", () => tt.tensor(["a"] as never), tt.ArgumentError, /tensor: values holds a string/],
  ["tensor with an unknown dtype", () => tt.tensor([1], [1], "float64" as never), tt.DTypeError, /tensor: unknown dtype "float64"/],
  ["an op given a Promise", () => tt.add(Promise.resolve(1) as never, 1), tt.ArgumentError, /add: argument a is a Promise/],
  ["an op given an object", () => tt.neg({} as never), tt.ArgumentError, /neg: x must be a Tensor/],
  ["where with a float condition", () => tt.where(tt.ones([2]), tt.ones([2]), tt.ones([2])), tt.DTypeError, /where: condition must be bool/],
  ["cast to an unknown dtype", () => tt.cast(tt.ones([2]), "float16" as never), tt.DTypeError, /cast: unknown dtype/],
  ["range with step 0", () => tt.range(0, 1, 0), tt.ArgumentError, /range: step must not be 0/],
  ["a disposed tensor", () => { const t = tt.ones([2]); t.dispose(); return tt.exp(t); }, tt.DisposedError, /exp: Tensor \d+ \(float32 \[2\]\) is disposed/],
  ["tidy given a non-function", () => tt.tidy(3 as never), tt.ArgumentError, /tidy: expected a function/],
  ["tidy returning a Promise", () => tt.tidy(() => Promise.resolve()), tt.ArgumentError, /tidy: the function returned a Promise/],
  // layout, index and creation ops
  ["expandDims with an axis out of range", () => tt.expandDims(tt.ones([2, 3]), 3), tt.ShapeError, /expandDims: axis 3 is out of range \[-3, 2\] for x \[2,3\]/],
  ["expandDims with a fractional axis", () => tt.expandDims(tt.ones([2]), 0.5), tt.ShapeError, /expandDims: axis 0.5/],
  ["squeeze of an axis of size 3", () => tt.squeeze(tt.ones([1, 3]), 1), tt.ShapeError, /squeeze: cannot squeeze axis 1 of x \[1,3\]: its size is 3, not 1/],
  ["squeeze with an axis out of range", () => tt.squeeze(tt.ones([1, 1]), [-3]), tt.ShapeError, /squeeze: axis -3 is out of range for a tensor of rank 2/],
  ["split into parts that do not divide", () => tt.split(tt.ones([6]), 4), tt.ShapeError, /split: 4 splits must be a positive integer that divides axis 0 of x \[6\] \(size 6\)/],
  ["split with two -1 sizes", () => tt.split(tt.ones([6]), [-1, 2, -1]), tt.ShapeError, /split: sizes must be .* at most one -1, got \[-1,2,-1\]/],
  ["split with sizes that do not add up", () => tt.split(tt.ones([2, 5]), [2, 2], 1), tt.ShapeError, /split: sizes \[2,2\] do not add up to axis 1 of x \[2,5\] \(size 5\)/],
  ["split of a scalar", () => tt.split(tt.scalar(1), 1), tt.ShapeError, /split: x must have rank >= 1/],
  ["tile with too few reps", () => tt.tile(tt.ones([2, 3]), [2]), tt.ShapeError, /tile: reps must be 2 non-negative integers \(one per axis of x \[2,3\]\), got \[2\]/],
  ["tile with a negative rep", () => tt.tile(tt.ones([2]), [-1]), tt.ShapeError, /tile: reps must be 1 non-negative integers/],
  ["gather with an index past the end", () => tt.gather(tt.ones([5, 2]), [1, 5]), tt.ShapeError, /gather: indices\[1\] = 5 is out of range \[0, 5\) for axis 0 of x \[5,2\]/],
  ["gather with a negative index", () => tt.gather(tt.ones([3, 4]), tt.tensor([[0, -1]], [1, 2], "int32"), 1), tt.ShapeError, /gather: indices\[0,1\] = -1 is out of range \[0, 4\) for axis 1 of x \[3,4\]/],
  ["gather with float32 indices", () => tt.gather(tt.ones([3]), tt.tensor([0, 1])), tt.DTypeError, /gather: indices must be int32, got float32 \[2\]/],
  ["gather with a fractional JS index", () => tt.gather(tt.ones([3]), [0, 1.5]), tt.DTypeError, /gather: indices must hold int32 integers, got 1.5/],
  ["gather with a boolean index", () => tt.gather(tt.ones([3]), true as never), tt.DTypeError, /gather: indices must hold int32 integers, got true/],
  ["oneHot with a result too large for wasm32", () => tt.oneHot([0, 1], 2 ** 30 + 1), tt.ShapeError, /oneHot: result shape \[2,1073741825\] has 2147483650 elements/],
  ["gather with an axis out of range", () => tt.gather(tt.ones([2, 2]), [0], 2), tt.ShapeError, /gather: axis 2 is out of range \[-2, 2\) for a tensor of shape \[2,2\]/],
  ["gather from a scalar", () => tt.gather(tt.scalar(1), [0]), tt.ShapeError, /gather: x must have rank >= 1/],
  ["gather with batchDims past the axis", () => tt.gather(tt.ones([2, 3]), tt.ones([2, 1], "int32"), 0, 1), tt.ShapeError, /gather: batchDims 1 must not exceed axis 0/],
  ["gather with mismatched batch dimensions", () => tt.gather(tt.ones([2, 3]), tt.zeros([3, 1], "int32"), 1, 1), tt.ShapeError, /gather: batch dimension 0 of x \[2,3\] and indices \[3,1\] differ \(2 vs 3\)/],
  ["unsortedSegmentSum with an id past numSegments", () => tt.unsortedSegmentSum(tt.ones([4]), [0, 1, 3, 0], 3), tt.ShapeError, /unsortedSegmentSum: segmentIds\[2\] = 3 is out of range \[0, 3\) \(numSegments 3\)/],
  ["unsortedSegmentSum with a negative id", () => tt.unsortedSegmentSum(tt.ones([2]), [-1, 0], 3), tt.ShapeError, /unsortedSegmentSum: segmentIds\[0\] = -1 is out of range/],
  ["unsortedSegmentSum of int32 x", () => tt.unsortedSegmentSum(tt.ones([2], "int32"), [0, 0], 1), tt.DTypeError, /unsortedSegmentSum: x must be float32, got int32/],
  ["unsortedSegmentSum with ids of the wrong shape", () => tt.unsortedSegmentSum(tt.ones([4, 2]), [0, 1, 0], 2), tt.ShapeError, /unsortedSegmentSum: segmentIds \[3\] do not match x \[4,2\]/],
  ["unsortedSegmentSum with a fractional numSegments", () => tt.unsortedSegmentSum(tt.ones([2]), [0, 0], 1.5), tt.ShapeError, /unsortedSegmentSum: numSegments must be an integer in \[0, 2147483647\], got 1.5/],
  ["oneHot of float32 indices", () => tt.oneHot(tt.tensor([0, 1]), 3), tt.DTypeError, /oneHot: indices must be int32, got float32/],
  ["oneHot with a negative depth", () => tt.oneHot([0, 1], -2), tt.ShapeError, /oneHot: depth must be an integer in \[0, 2147483647\], got -2/],
  ["oneHot to bool", () => tt.oneHot([0], 2, 1, 0, "bool"), tt.DTypeError, /oneHot: dtype must be "float32" or "int32", got "bool"/],
  ["oneHot int32 with a fractional onValue", () => tt.oneHot([0], 2, 0.5, 0, "int32"), tt.ArgumentError, /oneHot: onValue must be an int32 integer, got 0.5/],
  ["linspace with a fractional num", () => tt.linspace(0, 1, 2.5), tt.ShapeError, /linspace: num must be an integer in \[1, 2147483647\], got 2.5/],
  ["linspace with num 0", () => tt.linspace(0, 1, 0), tt.ShapeError, /linspace: num must be an integer in \[1, 2147483647\], got 0/],
  ["linspace from NaN", () => tt.linspace(NaN, 1, 3), tt.ArgumentError, /linspace: start must be a finite number, got NaN/],
  ["eye with negative rows", () => tt.eye(-1), tt.ShapeError, /eye: numRows must be an integer in \[0, 2147483647\], got -1/],
  ["eye with a bad batchShape", () => tt.eye(2, 2, [2, -1]), tt.ShapeError, /eye: batchShape \[2,-1\] has an invalid dimension -1/],
  ["eye with an unknown dtype", () => tt.eye(2, 2, undefined, "float64" as never), tt.DTypeError, /eye: unknown dtype "float64"/],
  ["randomNormal with a negative dimension", () => tt.randomNormal([2, -3]), tt.ShapeError, /randomNormal: shape \[2,-3\] has an invalid dimension -3/],
  ["randomNormal to bool", () => tt.randomNormal([2], 0, 1, "bool"), tt.DTypeError, /randomNormal: dtype must be "float32" or "int32", got "bool"/],
  ["randomNormal with an unknown dtype", () => tt.randomNormal([2], 0, 1, "float64" as never), tt.DTypeError, /randomNormal: unknown dtype "float64"/],
  ["randomNormal with a negative stdDev", () => tt.randomNormal([2], 0, -1), tt.ArgumentError, /randomNormal: stdDev must be >= 0, got -1/],
  ["randomNormal with a NaN seed", () => tt.randomNormal([2], 0, 1, "float32", NaN), tt.ArgumentError, /randomNormal: seed must be a finite number or a string, got NaN/],
  ["randomUniform int32 with fractional bounds", () => tt.randomUniform([2], 0, 2.5, "int32"), tt.ArgumentError, /randomUniform: int32 needs integers minval < maxval within int32, got minval 0 and maxval 2.5/],
  ["randomUniform with minval above maxval", () => tt.randomUniform([2], 1, 0), tt.ArgumentError, /randomUniform: minval 1 must not exceed maxval 0/],
  ["randomUniform with an infinite maxval", () => tt.randomUniform([2], 0, Infinity), tt.ArgumentError, /randomUniform: maxval must be a finite number, got Infinity/],
  ["randomUniform over a range float32 cannot hold", () => tt.randomUniform([2], -3e38, 3e38), tt.ArgumentError, /randomUniform: maxval − minval = 6e\+38 overflows float32/],
  ["pad with a negative padding", () => tt.pad(tt.ones([2], "int32"), [[-1, 0]]), tt.ShapeError, /pad: paddings must be 1 pairs/],
  ["slice of bool out of bounds", () => tt.slice(tt.ones([2, 2], "bool"), [1, 0], [2, 1]), tt.ShapeError, /slice: begin \[1,0\] and size \[2,1\] are out of bounds for x \[2,2\]/],
  ["slice of a scalar with a number begin", () => tt.slice(tt.scalar(1), 0), tt.ShapeError, /slice: x is a scalar, so begin must be \[\] \(no axes\), got 0/],
  ["concat of int32 and bool", () => tt.concat([tt.ones([2], "int32"), tt.ones([2], "bool")]), tt.DTypeError, /concat: tensors\[1\] is bool, tensors\[0\] is int32/],
  ["concat along an axis out of range", () => tt.concat([tt.ones([2, 2]), tt.ones([2, 2])], -3), tt.ShapeError, /concat: axis -3 is out of range for a tensor of rank 2/],
  ["stack of mismatched shapes", () => tt.stack([tt.ones([2]), tt.ones([3])]), tt.ShapeError, /stack: tensors\[1\] \[3\] does not match tensors\[0\] \[2\]/],
  ["stack along an axis out of range", () => tt.stack([tt.ones([2]), tt.ones([2])], 2), tt.ShapeError, /stack: axis 2 is out of range for a tensor of rank 2/],
  ["transpose with a negative perm entry (as tfjs)", () => tt.transpose(tt.ones([2, 3]), [-1, 0]), tt.ShapeError, /transpose: perm \[-1,0\] is not a permutation/],
  ["broadcastTo of bool to an incompatible shape", () => tt.broadcastTo(tt.ones([2], "bool"), [3]), tt.ShapeError, /broadcastTo: shapes \[2\] and \[3\] cannot be broadcast/],
  ["zerosLike of an array", () => tt.zerosLike([1, 2] as never), tt.ArgumentError, /zerosLike: expected a Tensor/],
  ["concat of an empty list", () => tt.concat([]), tt.ArgumentError, /concat: expected a non-empty array of tensors/],
  ["stack of an empty list", () => tt.stack([]), tt.ArgumentError, /stack: expected a non-empty array of tensors/],
  ["reshape to a number", () => tt.reshape(tt.ones([2]), 2 as never), tt.ArgumentError, /reshape: shape must be an array, got 2/],
  ["expandDims with a string axis", () => tt.expandDims(tt.ones([2]), "0" as never), tt.ArgumentError, /expandDims: axis must be an integer, got "0"/],
  ["pad with a string constantValue", () => tt.pad(tt.ones([2]), [[1, 1]], "0" as never), tt.ArgumentError, /pad: constantValue must be a number, got "0"/],
  ["split by a string", () => tt.split(tt.ones([6]), "2" as never), tt.ArgumentError, /split: numOrSizeSplits must be a number or an array of sizes, got "2"/],
  ["split with a string size", () => tt.split(tt.ones([6]), [2, "4"] as never), tt.ArgumentError, /split: sizes must be numbers, got \[2,"4"\]/],
  ["matmul with options that are not an object", () => tt.matmul(tt.ones([2, 2]), tt.ones([2, 2]), true as never), tt.ArgumentError, /matmul: options must be an object \{ transposeA\?, transposeB\? \}, got true/],
  // nn and losses
  ["conv1d of a rank-4 x", () => tt.conv1d(tt.ones([1, 1, 5, 1]), tt.ones([3, 1, 1]), 1, "same"), tt.ShapeError, /conv1d: x must have rank 3 \[batch, width, inChannels\] \(or 2\), got rank 4 \[1,1,5,1\]/],
  ["conv1d with a rank-4 filter", () => tt.conv1d(tt.ones([1, 5, 1]), tt.ones([1, 3, 1, 1]), 1, "same"), tt.ShapeError, /conv1d: filter must have rank 3 \[filterWidth, inChannels, outChannels\], got rank 4 \[1,3,1,1\]/],
  ["conv1d with a pair as its stride", () => tt.conv1d(tt.ones([1, 5, 1]), tt.ones([3, 1, 1]), [1, 1] as never, "same"), tt.ArgumentError, /conv1d: stride and dilation must be positive integers, got an array and 1/],
  ["conv1d with an unknown pad", () => tt.conv1d(tt.ones([1, 5, 1]), tt.ones([3, 1, 1]), 1, "full" as never), tt.ArgumentError, /conv1d: pad must be "same", "valid" or a number, got "full"/],
  ["conv2d of a rank-2 x", () => tt.conv2d(tt.ones([5, 5]), tt.ones([3, 3, 1, 1]), 1, "same"), tt.ShapeError, /conv2d: x must have rank 4 \[batch, height, width, channels\] \(or 3, one image\), got rank 2 \[5,5\]/],
  ["conv2d with a rank-3 filter", () => tt.conv2d(tt.ones([1, 5, 5, 1]), tt.ones([3, 3, 1]), 1, "same"), tt.ShapeError, /conv2d: filter must have rank 4 .*got rank 3 \[3,3,1\]/],
  ["conv2d channel mismatch", () => tt.conv2d(tt.ones([1, 5, 5, 3]), tt.ones([3, 3, 2, 4]), 1, "same"), tt.ShapeError, /conv2d: x \[1,5,5,3\] has 3 channels but filter \[3,3,2,4\] expects 2/],
  ["conv2d filter larger than the input, valid", () => tt.conv2d(tt.ones([1, 3, 3, 1]), tt.ones([5, 5, 1, 1]), 1, "valid"), tt.ShapeError, /conv2d: the 5x5 filter is larger than the 3x3 input padded to 3x3/],
  ["conv2d dilated filter larger than the input", () => tt.conv2d(tt.ones([1, 4, 4, 1]), tt.ones([3, 3, 1, 1]), 1, "valid", "NHWC", 2), tt.ShapeError, /conv2d: the 3x3 filter \(dilated to 5x5\) is larger than the 4x4 input/],
  ["conv2d NCHW", () => tt.conv2d(tt.ones([1, 1, 5, 5]), tt.ones([3, 3, 1, 1]), 1, "same", "NCHW"), tt.ArgumentError, /conv2d: dataFormat "NCHW" is not supported; transpose x to NHWC/],
  ["depthwiseConv2d NCHW", () => tt.depthwiseConv2d(tt.ones([1, 1, 5, 5]), tt.ones([3, 3, 1, 1]), 1, "same", "NCHW"), tt.ArgumentError, /depthwiseConv2d: dataFormat "NCHW" is not supported; transpose x to NHWC/],
  ["depthwiseConv2d rank-3 filter", () => tt.depthwiseConv2d(tt.ones([1, 5, 5, 1]), tt.ones([3, 3, 1]), 1, "same"), tt.ShapeError, /depthwiseConv2d: filter must have rank 4 \[filterHeight, filterWidth, inChannels, channelMultiplier\], got rank 3 \[3,3,1\]/],
  ["depthwiseConv2d channels", () => tt.depthwiseConv2d(tt.ones([1, 5, 5, 2]), tt.ones([3, 3, 1, 1]), 1, "same"), tt.ShapeError, /depthwiseConv2d: x \[1,5,5,2\] has 2 channels but filter \[3,3,1,1\] expects 1/],
  ["conv2d strides 0", () => tt.conv2d(tt.ones([1, 5, 5, 1]), tt.ones([3, 3, 1, 1]), 0, "same"), tt.ShapeError, /conv2d: strides must be a positive integer or a pair \[h, w\] of positive integers, got 0/],
  ["conv2d fractional strides", () => tt.conv2d(tt.ones([1, 5, 5, 1]), tt.ones([3, 3, 1, 1]), [1.5, 1], "same"), tt.ShapeError, /conv2d: strides .* got \[1.5,1\]/],
  ["conv2d strides and dilations both > 1", () => tt.conv2d(tt.ones([1, 9, 9, 1]), tt.ones([3, 3, 1, 1]), 2, "same", "NHWC", 2), tt.ArgumentError, /conv2d: strides \[2,2\] and dilations \[2,2\] cannot both be greater than 1/],
  ["conv2d unknown pad", () => tt.conv2d(tt.ones([1, 5, 5, 1]), tt.ones([3, 3, 1, 1]), 1, "full" as never), tt.ArgumentError, /conv2d: pad must be "same", "valid", a non-negative integer or/],
  ["conv2d explicit pad on the channels", () => tt.conv2d(tt.ones([1, 5, 5, 1]), tt.ones([3, 3, 1, 1]), 1, [[0, 0], [1, 1], [1, 1], [1, 0]]), tt.ArgumentError, /conv2d: pad must be/],
  ["conv2d dimRoundingMode with 'same'", () => tt.conv2d(tt.ones([1, 5, 5, 1]), tt.ones([3, 3, 1, 1]), 1, "same", "NHWC", 1, "ceil"), tt.ArgumentError, /conv2d: dimRoundingMode ceil needs a numeric or explicit pad/],
  ["conv2d of int32", () => tt.conv2d(tt.ones([1, 5, 5, 1], "int32"), tt.ones([3, 3, 1, 1]), 1, "same"), tt.DTypeError, /conv2d: x must be float32, got int32 \[1,5,5,1\]/],
  ["conv2dTranspose to a shape conv2d would not shrink to x", () => tt.conv2dTranspose(tt.ones([1, 3, 3, 2]), tt.ones([3, 3, 4, 2]), [1, 8, 8, 4], 2, "same"), tt.ShapeError, /conv2dTranspose: x \[1,3,3,2\] is not what conv2d makes of outputShape \[1,8,8,4\].*4x4/],
  ["conv2dTranspose channel mismatch", () => tt.conv2dTranspose(tt.ones([1, 3, 3, 3]), tt.ones([3, 3, 4, 2]), [1, 6, 6, 4], 2, "same"), tt.ShapeError, /conv2dTranspose: x \[1,3,3,3\] has 3 channels but filter \[3,3,4,2\] expects 2/],
  ["maxPool of a rank-5 x", () => tt.maxPool(tt.ones([1, 1, 4, 4, 1]), 2, 2, "valid"), tt.ShapeError, /maxPool: x must have rank 4 .*got rank 5/],
  ["maxPool filterSize 0", () => tt.maxPool(tt.ones([1, 4, 4, 1]), 0, 1, "valid"), tt.ShapeError, /maxPool: filterSize must be a positive integer/],
  ["avgPool window larger than the input, valid", () => tt.avgPool(tt.ones([1, 3, 3, 2]), 4, 1, "valid"), tt.ShapeError, /avgPool: the 4x4 window is larger than the 3x3 input padded to 3x3/],
  ["avgPool negative numeric pad", () => tt.avgPool(tt.ones([1, 3, 3, 2]), 2, 1, -1), tt.ShapeError, /avgPool: a numeric pad must be an integer in \[0, 2147483647\], got -1/],
  ["softmax of a scalar", () => tt.softmax(tt.scalar(1)), tt.ShapeError, /softmax: logits must have rank >= 1/],
  ["softmax over an axis out of range", () => tt.softmax(tt.ones([2, 3]), 2), tt.ShapeError, /softmax: axis 2 is out of range for a tensor of rank 2 \(shape \[2,3\]\)/],
  ["logSoftmax over two axes", () => tt.logSoftmax(tt.ones([2, 3]), [0, 1] as never), tt.ShapeError, /logSoftmax: axis must be one integer, got \[0,1\]/],
  ["softmax of int32", () => tt.softmax(tt.ones([3], "int32")), tt.DTypeError, /softmax: logits must be float32/],
  ["meanSquaredError of different shapes", () => tt.meanSquaredError(tt.ones([2, 3]), tt.ones([3, 2])), tt.ShapeError, /meanSquaredError: labels \[2,3\] and predictions \[3,2\] must have the same shape/],
  ["meanSquaredError with an unknown reduction", () => tt.meanSquaredError(tt.ones([2]), tt.ones([2]), null, "average" as never), tt.ArgumentError, /meanSquaredError: reduction must be one of "none", "mean", "sum", "sumByNonzeroWeights"/],
  ["meanSquaredError with weights that do not broadcast", () => tt.meanSquaredError(tt.ones([2, 3]), tt.ones([2, 3]), tt.ones([2])), tt.ShapeError, /meanSquaredError/],
  ["softmaxCrossEntropy of different shapes", () => tt.softmaxCrossEntropy(tt.ones([4, 3]), tt.ones([4, 5])), tt.ShapeError, /softmaxCrossEntropy: onehotLabels \[4,3\] and logits \[4,5\] must have the same shape/],
  ["softmaxCrossEntropy with labelSmoothing 2", () => tt.softmaxCrossEntropy(tt.ones([4, 3]), tt.ones([4, 3]), null, 2), tt.ArgumentError, /softmaxCrossEntropy: labelSmoothing must be a number in \[0, 1\], got 2/],
  ["softmaxCrossEntropy with per-class weights", () => tt.softmaxCrossEntropy(tt.ones([4, 3]), tt.ones([4, 3]), tt.ones([4, 3])), tt.ShapeError, /softmaxCrossEntropy: weights \[4,3\] cannot be broadcast to the losses' shape \[4\]/],
  // dtype errors of the unary math and int32 ops
  ["log1p of int32", () => tt.log1p(tt.ones([2], "int32")), tt.DTypeError, /log1p: x must be float32, got int32 \[2\]/],
  ["sin of bool", () => tt.sin(tt.tensor([true])), tt.DTypeError, /sin: x must be float32, got bool \[1\]/],
  ["abs of bool", () => tt.abs(tt.tensor([true, false])), tt.DTypeError, /abs: x must be float32 or int32, got bool \[2\]/],
  ["softplus given a string", () => tt.softplus("x" as never), tt.ArgumentError, /softplus: x must be a Tensor/],
  ["clip with min > max", () => tt.clip(tt.ones([2]), 1, 0), tt.ArgumentError, /clip: clipValueMin \(1\) must be less than or equal to clipValueMax \(0\)/],
  ["clip with a NaN bound", () => tt.clip(tt.ones([2]), NaN, 1), tt.ArgumentError, /clip: clipValueMin must be a number, got NaN/],
  ["clip of int32", () => tt.clip(tt.ones([2], "int32"), 0, 1), tt.DTypeError, /clip: x must be float32, got int32/],
  // issue #12's elementwise ops
  ["floor of int32", () => tt.floor(tt.ones([2], "int32")), tt.DTypeError, /floor: x must be float32, got int32 \[2\]/],
  ["erf of bool", () => tt.erf(tt.tensor([true])), tt.DTypeError, /erf: x must be float32, got bool \[1\]/],
  ["atan2 of incompatible shapes", () => tt.atan2(tt.ones([2, 3]), tt.ones([4])), tt.ShapeError, /atan2: shapes \[2,3\] and \[4\]/],
  ["atan2 of int32", () => tt.atan2(tt.ones([2], "int32"), tt.ones([2], "int32")), tt.DTypeError, /atan2: a must be float32, got int32 \[2\]/],
  ["pow of int32 and float32", () => tt.pow(tt.ones([2], "int32"), tt.ones([2])), tt.DTypeError, /pow: a is int32 \[2\] and b is float32 \[2\]/],
  ["squaredDifference of incompatible shapes", () => tt.squaredDifference(tt.ones([3]), tt.ones([2])), tt.ShapeError, /sub: shapes \[3\] and \[2\]/],
  ["gelu with a non-boolean approximate", () => tt.gelu(tt.ones([2]), "tanh" as never), tt.ArgumentError, /gelu: approximate must be a boolean, got "tanh"/],
  ["gelu of int32", () => tt.gelu(tt.ones([2], "int32")), tt.DTypeError, /gelu: x must be float32, got int32 \[2\]/],
  ["leakyRelu with a NaN alpha", () => tt.leakyRelu(tt.ones([2]), NaN), tt.ArgumentError, /leakyRelu: alpha must be a number, got NaN/],
  ["selu of int32", () => tt.selu(tt.ones([2], "int32")), tt.DTypeError, /selu: x must be float32, got int32 \[2\]/],
  ["silu of bool", () => tt.silu(tt.tensor([true])), tt.DTypeError, /silu: x must be float32, got bool \[1\]/],
  ["logSigmoid of int32", () => tt.logSigmoid(tt.ones([2], "int32")), tt.DTypeError, /logSigmoid: x must be float32, got int32 \[2\]/],
  ["isNaN of bool", () => tt.isNaN(tt.tensor([true])), tt.DTypeError, /isNaN: x must be float32 or int32, got bool \[1\]/],
  ["logicalAnd of float32", () => tt.logicalAnd(tt.ones([2]), tt.tensor([true, false])), tt.DTypeError, /logicalAnd: a must be bool, got float32 \[2\]/],
  ["logicalOr of incompatible shapes", () => tt.logicalOr(tt.tensor([true, false]), tt.tensor([true, false, true])), tt.ShapeError, /where: shapes \[2\] and \[3\]/],
  ["logicalNot of int32", () => tt.logicalNot(tt.ones([2], "int32")), tt.DTypeError, /logicalNot: x must be bool, got int32 \[2\]/],
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
badInputTests(test, bad);

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
